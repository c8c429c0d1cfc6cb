using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_statement_page(BrowserFixture browser)
{
    [Fact]
    public async Task shows_a_signature_added_through_the_api_to_the_initiating_movement_within_two_seconds()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var cosigner = await browser.AMovementWithItsRepresentative("CO");
        var statement = await browser.Create("/api/statements", new
        {
            title = "Contra la masacre de Barinas", body = "Denunciamos la masacre.", language = "es", initiatingMovementId = initiator.MovementId,
        }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signature-opening", new { }, initiator.Token);

        var page = await browser.PhonePage();
        await page.GotoAsync($"/statements/{statement}");
        await page.FillAsync("#rep-sign-in input[name=email]", initiator.Email);
        await page.FillAsync("#rep-sign-in input[name=password]", initiator.Password);
        await page.ClickAsync("#rep-sign-in button");
        await Expect(page.Locator("#signatories h2")).ToContainTextAsync("(0)");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");

        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = cosigner.MovementId, revision = 1 }, cosigner.Token);

        await Expect(page.Locator($"#signatories [data-movement='{cosigner.MovementId}']")).ToBeVisibleAsync(new() { Timeout = 2000 });
        await Expect(page.Locator("#signatories h2")).ToContainTextAsync("(1)");
        // The head of the statement's hash chain, for the movement to keep.
        await Expect(page.Locator("#chain [data-head]")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"));
        await browser.Screenshot(page, "statement-signature-live");
    }
}
