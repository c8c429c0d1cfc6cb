using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>Statements in the movements' workspace: revising together, signing per revision, publishing.</summary>
[Collection(BrowserCollection.Name)]
public class a_statement_in_the_movement_workspace(BrowserFixture browser)
{
    [Fact]
    public async Task a_second_save_on_a_stale_revision_meets_the_first_change_merges_it_and_loses_nothing()
    {
        var first = await browser.AMovementWithItsRepresentative();
        var second = await browser.AnotherRepresentativeOf(first);
        var statement = await browser.ADraftStatementOf(first);
        var path = $"/movement/statements/{statement}";
        var before = browser.CspViolations.Count;

        var firstPage = await browser.LaptopPage("en-GB");
        await firstPage.SignInAt(first, path);
        var secondPage = await browser.PhonePage("en-GB");
        await secondPage.SignInAt(second, path);
        await Expect(secondPage.Locator("#base-revision")).ToHaveTextAsync("1");

        await firstPage.FillAsync("#revise-body",
            "Denunciamos con fuerza la masacre de Barinas.\n\nExigimos justicia para las familias.\n\nConvocamos a la solidaridad continental.");
        await firstPage.FillAsync("#revise-note", "first: stronger opening");
        await firstPage.ClickAsync("#revise button[type=submit]");
        await Expect(firstPage.Locator("#saved")).ToContainTextAsync("2");

        // The second writer typed on revision 1 and saves after the first: the API's 409, then their change beside hers.
        await secondPage.FillAsync("#revise-body",
            "Denunciamos la masacre de Barinas.\n\nExigimos justicia para las familias.\n\nConvocamos a la solidaridad de los pueblos.");
        await secondPage.FillAsync("#revise-note", "second: the peoples");
        await secondPage.ClickAsync("#revise button[type=submit]");
        await Expect(secondPage.Locator("#their-change ins")).ToContainTextAsync("con fuerza");
        await Expect(secondPage.Locator("#your-change ins")).ToContainTextAsync("de los pueblos");
        await Expect(secondPage.Locator("#revise-body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("de los pueblos"));
        await Expect(secondPage.Locator("#merge-body")).ToHaveValueAsync(
            "Denunciamos con fuerza la masacre de Barinas.\n\nExigimos justicia para las familias.\n\nConvocamos a la solidaridad de los pueblos.");
        await secondPage.AssertNoSeriousViolations();
        await secondPage.AssertFitsItsWidth();
        await browser.Screenshot(secondPage, "movement-statement-conflict-phone");

        await secondPage.ClickAsync("#merge button[type=submit]");
        await Expect(secondPage.Locator("#saved")).ToContainTextAsync("3");
        await Expect(secondPage.Locator("#revisions li[data-revision]")).ToHaveCountAsync(3);
        await Expect(firstPage.Locator("#newer")).ToContainTextAsync("3");

        var history = await browser.Http.GetFromJsonWithToken<JsonArray>($"/api/statements/{statement}/history", first.Token);
        var revisions = history.Where(e => e!["kind"]!.GetValue<string>() == "StatementRevised").Select(e => e!["data"]!).ToList();
        Assert.Equal([2, 3], revisions.Select(r => r["revision"]!.GetValue<int>()));
        Assert.Equal(["first: stronger opening", "second: the peoples"], revisions.Select(r => r["note"]!.GetValue<string>()));
        Assert.Contains("con fuerza", revisions[1]["body"]!.GetValue<string>());
        Assert.Contains("de los pueblos", revisions[1]["body"]!.GetValue<string>());

        // Any two revisions compared word by word: 1 → 3 shows both changes.
        await secondPage.SelectOptionAsync("#diff-from", "1");
        await Expect(secondPage.Locator("#diff ins")).ToHaveCountAsync(2);
        await firstPage.AssertNoSeriousViolations();
        await browser.Screenshot(firstPage, "movement-statement-laptop");
        Assert.Empty(browser.CspViolations.Skip(before));
    }

    [Fact]
    public async Task a_signature_on_an_earlier_revision_is_confirmed_in_one_click_and_the_public_page_lists_the_published_revisions_signatories()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var cosigner = await browser.AMovementWithItsRepresentative("CO");
        var lagging = await browser.AMovementWithItsRepresentative("BR");
        var statement = await browser.ADraftStatementOf(initiator);
        var path = $"/movement/statements/{statement}";

        var initiatorPage = await browser.LaptopPage("en-GB");
        await initiatorPage.SignInAt(initiator, path);
        await initiatorPage.ClickAsync("#open-signatures button[type=submit]");
        await Expect(initiatorPage.Locator("#publish")).ToBeVisibleAsync();

        var cosignerPage = await browser.PhonePage("en-GB");
        await cosignerPage.SignInAt(cosigner, path);
        await cosignerPage.ClickAsync("#sign button[type=submit]");
        await Expect(cosignerPage.Locator("#my-signature")).ToHaveTextAsync("Signed revision 1");
        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = lagging.MovementId, revision = 1 }, lagging.Token);

        await browser.Post($"/api/statements/{statement}/revisions", new { body = "Denunciamos la masacre de Barinas y de Tumaco.", note = "Tumaco", baseRevision = 1 },
            initiator.Token);
        await Expect(cosignerPage.Locator("#my-signature")).ToContainTextAsync("signed revision 1 — confirm again");
        await Expect(cosignerPage.Locator($"#signing tr[data-movement='{cosigner.MovementId}']")).ToContainTextAsync("signed revision 1");
        await cosignerPage.AssertNoSeriousViolations();
        await browser.Screenshot(cosignerPage, "movement-statement-confirm-again");

        await cosignerPage.ClickAsync("#sign button[type=submit]");
        await Expect(cosignerPage.Locator("#my-signature")).ToHaveTextAsync("Signed revision 2");
        await Expect(cosignerPage.Locator($"#signing tr[data-movement='{cosigner.MovementId}'] .badge.current")).ToBeVisibleAsync();
        await Expect(cosignerPage.Locator("#signing h2")).ToContainTextAsync("(1)");

        await initiatorPage.ClickAsync("#publish button[type=submit]");
        await Expect(initiatorPage.Locator("#public-page")).ToBeVisibleAsync();
        await initiatorPage.ClickAsync("#public-page");
        await Expect(initiatorPage).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/statements/{statement}$"));
        await Expect(initiatorPage.Locator("#signatories li")).ToHaveCountAsync(1);
        await Expect(initiatorPage.Locator($"#signatories li[data-movement='{cosigner.MovementId}']")).ToBeVisibleAsync();
        await Expect(initiatorPage.Locator($"#signatories li[data-movement='{lagging.MovementId}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task a_representative_cannot_sign_or_revise_for_another_movement_and_the_page_says_why()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var other = await browser.AMovementWithItsRepresentative("CO");
        var statement = await browser.ADraftStatementOf(initiator);
        await browser.Post($"/api/statements/{statement}/signature-opening", new { }, initiator.Token);

        var page = await browser.PhonePage("en-GB");
        await page.SignInAt(other, $"/movement/statements/{statement}");
        await Expect(page.Locator("#editor-why")).ToHaveTextAsync("Only the initiating movement, or an organiser, may revise the text.");
        await Expect(page.Locator("#revise")).ToHaveCountAsync(0);

        // The form is made to sign for the initiating movement instead of the representative's own: the API refuses.
        await page.Locator("#sign input[name=movementId]").EvaluateAsync("(input, id) => input.value = id", initiator.MovementId);
        await page.ClickAsync("#sign button[type=submit]");
        await Expect(page.Locator("#sign [data-form-error]")).ToContainTextAsync("you do not represent this movement");
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "movement-statement-refused");
        var details = await browser.Http.GetFromJsonWithToken<JsonObject>($"/api/statements/{statement}", initiator.Token);
        Assert.Empty(details["signatures"]!.AsArray());
    }
}
