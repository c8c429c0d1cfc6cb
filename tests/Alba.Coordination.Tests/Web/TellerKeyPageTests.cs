using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// Three tellers' pages, each in its own browser (its own IndexedDB: its own key material), make a secret vote's key the chair
/// named them for; delegates vote; the chair closes; two tellers' devices decrypt; the projector shows the result and the
/// verifier recomputes the key from the tellers' commitments and says "verified".
/// </summary>
[Collection(BrowserCollection.Name)]
public class tellers_making_and_holding_a_votes_key(BrowserFixture browser)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>An open plenary of three delegates and a motion put to a secret vote whose key all three make (2 of 3).</summary>
    private async Task<(ScheduledPlenary Plenary, string MotionId)> AVoteWhoseKeyThreeTellersMake(string title)
    {
        var plenary = await browser.AScheduledPlenary(delegates: 3);
        var organiser = await browser.OrganiserToken();
        await browser.Post($"/api/sessions/{plenary.SessionId}/opening", null, organiser);
        var motionId = await browser.Create($"/api/sessions/{plenary.SessionId}/motions", new { title = Scenarios.Unique(title), text = "Texto." }, organiser);
        await browser.Post($"/api/motions/{motionId}/vote",
            new { secret = true, majority = "simple", quorum = 0, tellerIds = plenary.Delegates.Select(d => d.Id), threshold = 2 }, organiser);
        return (plenary, motionId);
    }

    [Fact]
    public async Task three_teller_devices_make_the_key_and_two_decrypt_the_tally_the_verifier_accepts()
    {
        var cspBefore = browser.CspViolations.Count;
        var plenary = await browser.AScheduledPlenary(delegates: 5);
        var organiser = await browser.OrganiserToken();
        await browser.Post($"/api/sessions/{plenary.SessionId}/opening", null, organiser);
        var motionId = await browser.Create($"/api/sessions/{plenary.SessionId}/motions", new { title = Scenarios.Unique("Moción con clave de escrutadores"), text = "Texto." }, organiser);
        var timeout = new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)Patience.TotalMilliseconds };

        // The chair's console shows the tellers' keying; the vote is opened naming three tellers, two of whom decrypt.
        var chair = await browser.LaptopPage("en-GB");
        await chair.SignInAsOrganiser($"/console/sessions/{plenary.SessionId}");
        var card = chair.Locator($"article.chair-motion[data-motion='{motionId}']");
        await Expect(card.Locator("[data-teller-choices] input[name=tellerIds]")).ToHaveCountAsync(5);
        await card.Locator("details[data-motion-forms] summary").ClickAsync();
        foreach (var teller in plenary.Delegates.Take(3))
            await card.Locator($"[data-teller-choices] input[name=tellerIds][value='{teller.Id}']").CheckAsync();
        await card.Locator("form[data-form=vote] input[name=threshold]").FillAsync("2");
        await chair.RunAndWaitForResponseAsync(() => card.Locator("form[data-form=vote] button[type=submit]").ClickAsync(),
            response => response.Url.EndsWith($"/api/motions/{motionId}/vote") && response.Ok);
        await Expect(card.Locator("[data-vote=keying]")).ToContainTextAsync("of 3 tellers have sent their keys");

        // Each teller's own device: two phones and a laptop, three languages.
        var devices = new[] { await browser.PhonePage("es-AR"), await browser.PhonePage("pt-BR"), await browser.LaptopPage("fr-FR") };
        for (var i = 0; i < 3; i++)
        {
            await devices[i].GotoAsync("/tellers");
            await devices[i].FillAsync("#teller-code", plenary.Delegates[i].CredentialCode);
            await devices[i].ClickAsync("#teller-sign-in button");
            await Expect(devices[i].Locator($"[data-teller-vote='{motionId}']")).ToBeVisibleAsync();
        }
        await browser.Screenshot(devices[0], "tellers-keying-390");
        foreach (var device in devices)
            await Expect(device.Locator($"[data-teller-vote='{motionId}']")).ToHaveAttributeAsync("data-stage", "open", timeout);
        await Expect(card.Locator("[data-vote=open]")).ToContainTextAsync("key held by the tellers", new() { Timeout = 10000 });
        await browser.Screenshot(devices[1], "tellers-open-390");
        await browser.Screenshot(devices[2], "tellers-open-1280");
        foreach (var device in devices)
        {
            await device.AssertNoSeriousViolations();
            await device.AssertFitsItsWidth();
        }

        foreach (var (voter, choice) in plenary.Delegates.Zip(new[] { "yes", "no", "yes", "abstain", "yes" }))
            await browser.Post($"/api/motions/{motionId}/ballots", new { choice }, voter.Token);
        // Teller 2 has gone home: teller 1 and teller 3 decrypt.
        await devices[1].Context.CloseAsync();
        await Expect(card.Locator("[data-vote-count]")).ToContainTextAsync("5 of 5", new() { Timeout = 10000 });
        await card.Locator("[data-action=close-vote]").ClickAsync();
        await Expect(card.Locator("[data-vote-result]")).ToContainTextAsync("Yes 3", new() { Timeout = (float)Patience.TotalMilliseconds });
        await browser.Screenshot(chair, "tellers-chair-closed-1280");
        await chair.AssertNoSeriousViolations();
        foreach (var device in new[] { devices[0], devices[2] })
            await Expect(device.Locator($"[data-teller-vote='{motionId}']")).ToHaveAttributeAsync("data-stage", "closed", timeout);
        await browser.Screenshot(devices[0], "tellers-closed-390");

        var projector = await browser.LaptopPage("en-GB");
        await projector.GotoAsync($"/sessions/{plenary.SessionId}/projector");
        await Expect(projector.Locator("#projector-counts")).ToContainTextAsync("3 Yes");

        var verifier = await browser.PhonePage("en-GB");
        await verifier.GotoAsync($"/motions/{motionId}/verify");
        await Expect(verifier.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified", timeout);
        await Expect(verifier.Locator("[data-key-held=tellers]")).ToContainTextAsync("Nobody ever held the whole key");
        await browser.Screenshot(verifier, "tellers-verified-390");
        await verifier.AssertNoSeriousViolations();
        await verifier.AssertFitsItsWidth();
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Fact]
    public async Task the_chair_disqualifies_a_teller_whose_device_went_silent_and_the_key_is_made_without_it()
    {
        var (plenary, motionId) = await AVoteWhoseKeyThreeTellersMake("Moción con un escrutador callado");
        // The tellers' devices, played here: all three send their keys, two their shares; teller 3's phone died after its keys.
        var devices = Enumerable.Range(1, 3).Select(j => new TellerDevice(Guid.Parse(motionId), j, 2)).ToArray();
        for (var j = 0; j < 3; j++)
        {
            var round = devices[j].Round1();
            await browser.Post($"/api/motions/{motionId}/keying/commitments", new { round.TransportKey, round.Commitments, round.Proof }, plenary.Delegates[j].Token);
        }
        var keying = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/motions/{motionId}/keying"))!;
        var rounds = keying["commitments"].Deserialize<TellerCommitments[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        for (var j = 0; j < 2; j++)
            await browser.Post($"/api/motions/{motionId}/keying/shares", new { shares = devices[j].Round2(rounds) }, plenary.Delegates[j].Token);

        // Teller 1 reports that teller 2's share does not match.
        await browser.Post($"/api/motions/{motionId}/keying/complaints", new { against = 2 }, plenary.Delegates[0].Token);

        var chair = await browser.LaptopPage("es-AR");
        await chair.SignInAsOrganiser($"/console/sessions/{plenary.SessionId}");
        var card = chair.Locator($"article.chair-motion[data-motion='{motionId}']");
        // The accused teller is offered at once, outside the fold of silent ones, with what disqualifying it for that means.
        var accused = card.Locator(".keying-progress > .row [data-action=ask-disqualify]");
        await Expect(accused).ToHaveCountAsync(1, new() { Timeout = 10000 });
        await Expect(accused).ToHaveAttributeAsync("data-teller", "2");
        await accused.ClickAsync();
        await Expect(card.Locator("[data-disqualify]")).ToContainTextAsync("¿Descalificar al escrutador/a 2? No respondió a la queja en su contra");
        await browser.Screenshot(chair, "tellers-chair-disqualify-accused-1280");
        await card.Locator("[data-disqualify] [data-action=keep-open]").ClickAsync();
        // Teller 2 answers with the share it sent teller 1, which holds: the offer goes.
        await browser.Post($"/api/motions/{motionId}/keying/answers",
            new { to = 1, share = ElectionGroup.Hex(devices[1].ValueAt(1)) }, plenary.Delegates[1].Token);
        await Expect(card.Locator("[data-complaints]")).ToContainTextAsync("El escrutador/a 2 reveló la parte enviada al escrutador/a 1: es correcta.", new() { Timeout = 10000 });
        await Expect(accused).ToHaveCountAsync(0);

        var silent = card.Locator("[data-silent-tellers]");
        await silent.Locator("summary").ClickAsync();
        await silent.Locator("[data-action=ask-disqualify][data-teller='3']").ClickAsync();
        var box = card.Locator("[data-disqualify]");
        await Expect(box).ToContainTextAsync("¿Descalificar al escrutador/a 3? Todavía no envió sus partes o no las confirmó");
        await Expect(box.Locator("[data-action=disqualify]")).ToBeFocusedAsync();
        await browser.Screenshot(chair, "tellers-chair-disqualify-silent-1280");
        await chair.AssertNoSeriousViolations();
        await chair.RunAndWaitForResponseAsync(() => box.Locator("[data-action=disqualify]").ClickAsync(),
            response => response.Url.EndsWith($"/api/motions/{motionId}/keying/disqualifications") && response.Status == 201);
        await Expect(card.Locator("[data-complaints]")).ToContainTextAsync("El escrutador/a 3 está descalificado/a.", new() { Timeout = 10000 });

        // The two left confirm their shares (none from teller 3 is awaited now): the key is made over them, 2 of 2.
        for (var j = 0; j < 2; j++)
            await browser.Post($"/api/motions/{motionId}/keying/confirmations", new { }, plenary.Delegates[j].Token);
        await Expect(card.Locator("[data-vote=open]")).ToBeVisibleAsync(new() { Timeout = 10000 });
        keying = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/motions/{motionId}/keying"))!;
        Assert.Equal([1, 2], keying["qualified"]!.AsArray().Select(q => q!.GetValue<int>()));
        Assert.Equal("silent", keying["disqualified"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_teller_whose_phone_died_before_its_keys_is_disqualified_and_the_other_two_pages_make_the_key_decrypt_and_verify()
    {
        var (plenary, motionId) = await AVoteWhoseKeyThreeTellersMake("Motion avec un scrutateur absent");
        var timeout = new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)Patience.TotalMilliseconds };

        // Tellers 1 and 2 open their pages, which send their keys and then wait for teller 3's, which never come.
        var devices = new[] { await browser.PhonePage("es-AR"), await browser.PhonePage("en-GB") };
        for (var i = 0; i < 2; i++)
        {
            await devices[i].GotoAsync("/tellers");
            await devices[i].FillAsync("#teller-code", plenary.Delegates[i].CredentialCode);
            await devices[i].ClickAsync("#teller-sign-in button");
        }
        await Expect(devices[1].Locator($"[data-teller-vote='{motionId}']")).ToContainTextAsync("Waiting for the others': 2 of 3", new() { Timeout = (float)Patience.TotalMilliseconds });

        // The chair, in French, is offered teller 3 only (the other two have sent their keys) and told what it means.
        var chair = await browser.LaptopPage("fr-FR");
        await chair.SignInAsOrganiser($"/console/sessions/{plenary.SessionId}");
        var card = chair.Locator($"article.chair-motion[data-motion='{motionId}']");
        var silent = card.Locator("[data-silent-tellers]");
        await silent.Locator("summary").ClickAsync();
        // A push re-renders the card (here a delegate asking for the floor): the fold the chair opened stays open.
        await browser.Post($"/api/sessions/{plenary.SessionId}/speakers", null, plenary.Delegates[0].Token);
        await Expect(chair.Locator("#chair-queue-list li")).ToHaveCountAsync(1, new() { Timeout = 10000 });
        await Expect(silent).ToHaveAttributeAsync("open", "");
        await Expect(silent.Locator("[data-action=ask-disqualify]")).ToHaveCountAsync(1);
        await silent.Locator("[data-action=ask-disqualify][data-teller='3']").ClickAsync();
        var box = card.Locator("[data-disqualify]");
        await Expect(box).ToContainTextAsync("Disqualifier le scrutateur 3 ? Il n'a pas encore envoyé ses clés");
        await browser.Screenshot(chair, "tellers-chair-disqualify-no-keys-1280");
        await chair.AssertNoSeriousViolations();
        await chair.RunAndWaitForResponseAsync(() => box.Locator("[data-action=disqualify]").ClickAsync(),
            response => response.Url.EndsWith($"/api/motions/{motionId}/keying/disqualifications") && response.Status == 201);

        // The two pages go on without it: shares to each other only, confirmations, the key over {1, 2}.
        foreach (var device in devices)
            await Expect(device.Locator($"[data-teller-vote='{motionId}']")).ToHaveAttributeAsync("data-stage", "open", timeout);
        await Expect(card.Locator("[data-vote=open]")).ToBeVisibleAsync(new() { Timeout = 10000 });
        var keying = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/motions/{motionId}/keying"))!;
        Assert.Equal([1, 2], keying["qualified"]!.AsArray().Select(q => q!.GetValue<int>()));

        foreach (var (voter, choice) in plenary.Delegates.Zip(new[] { "yes", "no", "yes" }))
            await browser.Post($"/api/motions/{motionId}/ballots", new { choice }, voter.Token);
        await Expect(card.Locator("[data-vote-count]")).ToContainTextAsync("3", new() { Timeout = 10000 });
        await card.Locator("[data-action=close-vote]").ClickAsync();
        foreach (var device in devices)
            await Expect(device.Locator($"[data-teller-vote='{motionId}']")).ToHaveAttributeAsync("data-stage", "closed", timeout);
        var result = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/motions/{motionId}"))!["vote"]!["result"]!;
        Assert.Equal((2, 1, 0), (result["yes"]!.GetValue<int>(), result["no"]!.GetValue<int>(), result["abstain"]!.GetValue<int>()));

        // The browser's verifier accepts a board with two tellers' commitments for three tellers' keys.
        var verifier = await browser.PhonePage("pt-BR");
        await verifier.GotoAsync($"/motions/{motionId}/verify");
        await Expect(verifier.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified", timeout);
        await Expect(verifier.Locator("[data-key-held=tellers]")).ToContainTextAsync("Chave criada e guardada por 2 dos 3 escrutinadores nomeados");
        await browser.Screenshot(verifier, "tellers-verified-two-of-three-390");
        await verifier.AssertNoSeriousViolations();
    }
}
