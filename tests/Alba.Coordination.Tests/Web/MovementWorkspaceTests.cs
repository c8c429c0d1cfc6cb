using System.Net;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>"My movement" and a call in the workspace: what the movement works on, and the forms that start and join things.</summary>
[Collection(BrowserCollection.Name)]
public class the_movement_workspace(BrowserFixture browser)
{
    [Fact]
    public async Task shows_the_movements_delegation_statements_and_calls_and_starts_a_statement_and_a_call_of_its_own()
    {
        var organiser = await browser.OrganiserToken();
        var mine = await browser.AMovementWithItsRepresentative();
        var other = await browser.AMovementWithItsRepresentative("CO");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = await browser.Create("/api/assemblies", new
        {
            title = Scenarios.Unique("Asamblea continental"), city = "Caracas", country = "VE", opensOn = today, closesOn = today.AddDays(2), capacity = 50,
            delegatesPerMovement = 5,
        }, organiser);
        await browser.Post($"/api/assemblies/{assembly}/registration/opening", null, organiser);
        await browser.Create($"/api/assemblies/{assembly}/registrations", new
        {
            movementId = mine.MovementId, fullName = "Delegada Uno", email = Scenarios.UniqueEmail("delegada"), country = "VE", languages = new[] { "es" },
            role = "delegate",
        }, mine.Token);
        var own = await browser.ADraftStatementOf(mine);
        var invited = await browser.ADraftStatementOf(other);
        await browser.Post($"/api/statements/{invited}/signature-opening", new { }, other.Token);
        var theirCall = (await browser.ALocalActionOf(other)).MobilisationId;

        var page = await browser.LaptopPage("en-GB");
        await page.SignInAt(mine, "/movement");
        await Expect(page.Locator($"#delegations a[href='/console/assemblies/{assembly}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#delegations li")).ToContainTextAsync("1 delegates");
        await Expect(page.Locator($"#statements li[data-statement='{own}']")).ToContainTextAsync("initiated by your movement");
        await Expect(page.Locator($"#statements li[data-statement='{invited}']")).ToContainTextAsync("invited to sign");
        await Expect(page.Locator($"#calls li[data-call='{theirCall}']")).ToContainTextAsync("your movement has not endorsed yet");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "movement-workspace-laptop");

        // Another movement's workspace is not this representative's to read.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/movements/{other.MovementId}/workspace"))
        {
            request.Headers.Authorization = new("Bearer", mine.Token);
            using var refused = await browser.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await page.ClickAsync("#statements summary");
        await page.FillAsync("#draft-title", "Por la paz en Colombia");
        await page.FillAsync("#draft-body", "Exigimos el cumplimiento de los acuerdos.");
        await page.ClickAsync("#draft button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/movement/statements/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#page h1")).ToContainTextAsync("Por la paz en Colombia");

        await page.GotoAsync("/movement");
        await page.ClickAsync("#calls summary");
        await page.FillAsync("#call-title", "Jornada por la paz");
        await page.FillAsync("#call-text", "Marchamos por la paz.");
        await page.FillAsync("#call-starts", today.ToString("yyyy-MM-dd"));
        await page.FillAsync("#call-ends", today.AddDays(1).ToString("yyyy-MM-dd"));
        await page.FillAsync("#call-countries", "ve, co");
        await page.ClickAsync("#call button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex("/movement/mobilisations/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#my-role")).ToHaveTextAsync("your movement convenes");
    }

    [Fact]
    public async Task joins_another_movements_call_and_registers_a_local_action_with_its_report_form()
    {
        var mine = await browser.AMovementWithItsRepresentative();
        var other = await browser.AMovementWithItsRepresentative("CO");
        var call = (await browser.ALocalActionOf(other)).MobilisationId;

        var page = await browser.PhonePage("en-GB");
        await page.SignInAt(mine, $"/movement/mobilisations/{call}");
        await Expect(page.Locator("#my-role")).ToHaveTextAsync("your movement has not endorsed yet");
        await page.ClickAsync("#endorse button[type=submit]");
        await Expect(page.Locator("#my-role")).ToHaveTextAsync("your movement endorses");
        await Expect(page.Locator("#withdraw-endorsement")).ToBeVisibleAsync();

        await page.FillAsync("#action-city", "Maracaibo");
        await page.FillAsync("#action-country", "ve");
        await page.SelectOptionAsync("#action-kind", "vigil");
        await page.ClickAsync("#register-action button[type=submit]");
        var action = page.Locator("#my-actions li", new() { HasText = "Maracaibo" });
        await Expect(action).ToContainTextAsync("vigil");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "movement-mobilisation-phone");

        await action.Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/movement/actions/[0-9a-f-]{36}/report$"));
        await Expect(page.Locator("#action-line")).ToContainTextAsync("Maracaibo (VE)");
    }

    [Fact]
    public async Task shows_a_translation_beside_its_source_revision_and_marks_it_stale_after_a_revision()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var statement = await browser.ADraftStatementOf(initiator);

        var page = await browser.LaptopPage("en-GB");
        await page.SignInAt(initiator, $"/movement/statements/{statement}");
        await page.FillAsync("#tr-language", "en");
        await page.FillAsync("#tr-title", "Against the Barinas massacre");
        await page.FillAsync("#tr-body", "We denounce the Barinas massacre.");
        await page.ClickAsync("#translate button[type=submit]");
        var translation = page.Locator(".translation[data-language=en]");
        await Expect(translation).ToContainTextAsync("Revision 1");
        await Expect(translation).ToContainTextAsync("Denunciamos la masacre de Barinas.");
        await Expect(translation.Locator(".badge.stale")).ToHaveCountAsync(0);

        await browser.Post($"/api/statements/{statement}/revisions", new { body = "Denunciamos la masacre de Barinas y de Tumaco.", baseRevision = 1 },
            initiator.Token);
        await Expect(translation.Locator(".badge.stale")).ToBeVisibleAsync();
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "movement-statement-translation-stale");

        // The signatories' CSV is fetched with the reader's token and handed to the browser as a download.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        Assert.Equal($"signatories-{statement}.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("movement", csv.TrimStart('\uFEFF'));
    }
}
