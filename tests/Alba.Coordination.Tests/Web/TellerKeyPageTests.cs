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
}
