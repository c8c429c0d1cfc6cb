using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>The statement's chain checked in the browser (/statements/{id}/verify), and a movement finding the head it kept.</summary>
[Collection(BrowserCollection.Name)]
public class the_statement_verifier_page(BrowserFixture browser)
{
    [Fact]
    public async Task finds_the_head_a_movement_kept_and_names_a_chain_served_out_of_order()
    {
        var cspBefore = browser.CspViolations.Count;
        var initiator = await browser.AMovementWithItsRepresentative();
        var cosigner = await browser.AMovementWithItsRepresentative("CO");
        var latecomer = await browser.AMovementWithItsRepresentative("PE");
        var statement = await browser.Create("/api/statements", new
        {
            title = Scenarios.Unique("Contra el desalojo"), body = "Denunciamos el desalojo.", language = "es", initiatingMovementId = initiator.MovementId,
        }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signature-opening", new { }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = cosigner.MovementId, revision = 1 }, cosigner.Token);

        var page = await browser.PhonePage("en-GB");
        await page.GotoAsync($"/statements/{statement}");
        await page.FillAsync("#rep-sign-in input[name=email]", initiator.Email);
        await page.FillAsync("#rep-sign-in input[name=password]", initiator.Password);
        await page.ClickAsync("#rep-sign-in button");
        var kept = await page.Locator("#chain [data-head]").TextContentAsync();
        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = latecomer.MovementId, revision = 1 }, latecomer.Token);

        await page.ClickAsync("#chain [data-verify-link]");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified");
        await page.FillAsync("#kept-head", kept!);
        await page.ClickAsync("#find-head button");
        await Expect(page.Locator("#head-answer")).ToHaveAttributeAsync("data-found", "true");
        await Expect(page.Locator("#head-answer")).ToContainTextAsync("link 3 of 4");
        await page.FillAsync("#kept-head", new string('a', 64));
        await page.ClickAsync("#find-head button");
        await Expect(page.Locator("#head-answer")).ToHaveAttributeAsync("data-found", "false");
        await browser.Screenshot(page, "verify-statement-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();

        // The same chain served with two links swapped: the page names where.
        await page.RouteAsync($"**/api/statements/{statement}/chain", async route =>
        {
            var response = await route.FetchAsync();
            var chain = JsonNode.Parse(await response.TextAsync())!;
            var links = chain["links"]!.AsArray();
            var second = links[1]!;
            links.RemoveAt(1);
            links.Insert(2, second);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = chain.ToJsonString() });
        });
        await page.ReloadAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "failed");
        await Expect(page.Locator("#faults [data-fault='chain-numbered']").First).ToContainTextAsync("Link 2 is numbered 3");
        await browser.Screenshot(page, "verify-statement-reordered-390");
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Theory]
    [InlineData("es-AR", 390, "Verificada: cada eslabón se recalculó")]
    [InlineData("en-GB", 1280, "Verified: every link was recomputed")]
    [InlineData("pt-BR", 390, "Verificada: cada elo foi recalculado")]
    [InlineData("fr-FR", 1280, "Vérifiée : chaque maillon a été recalculé")]
    public async Task recomputes_every_link_from_its_event_for_an_organiser_and_checks_the_links_for_the_public(string locale, int width, string verified)
    {
        var cspBefore = browser.CspViolations.Count;
        var statement = await APublishedStatement();
        var page = width == 390 ? await browser.PhonePage(locale) : await browser.LaptopPage(locale);
        await page.SignInAsOrganiser($"/statements/{statement}/verify");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified");
        await Expect(page.Locator("#verdict")).ToContainTextAsync(verified);
        await Expect(page.Locator(".chain-links li[data-link-state='recomputed']")).ToHaveCountAsync(4);
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, $"verify-statement-recomputed-{locale}-{width}");

        // The public: every event names the account that acted, so its content is not served; the links are checked.
        var anonymous = width == 390 ? await browser.PhonePage(locale) : await browser.LaptopPage(locale);
        await anonymous.GotoAsync($"/statements/{statement}/verify");
        await Expect(anonymous.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified");
        await Expect(anonymous.Locator(".chain-links li[data-link-state='notPublic']")).ToHaveCountAsync(4);
        await anonymous.AssertNoSeriousViolations();
        await anonymous.AssertFitsItsWidth();
        await browser.Screenshot(anonymous, $"verify-statement-public-{locale}-{width}");
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Fact]
    public async Task names_the_event_whose_content_was_altered()
    {
        var statement = await APublishedStatement();
        var page = await browser.PhonePage("en-GB");
        // The chain served with the signature's event changed (another revision signed): its link no longer recomputes.
        await page.RouteAsync($"**/api/statements/{statement}/chain", async route =>
        {
            var response = await route.FetchAsync();
            var chain = JsonNode.Parse(await response.TextAsync())!;
            var signed = chain["links"]![2]!;
            Assert.Equal("StatementSigned", signed["kind"]!.GetValue<string>());
            signed["content"] = signed["content"]!.GetValue<string>().Replace("\"revision\":1", "\"revision\":2", StringComparison.Ordinal);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = chain.ToJsonString() });
        });
        await page.SignInAsOrganiser($"/statements/{statement}/verify");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "failed");
        await Expect(page.Locator("#faults [data-fault='chain-altered']")).ToHaveTextAsync(
            "Link 3 (StatementSigned) is not the hash of its event: the event was changed after it was recorded.");
        await Expect(page.Locator(".chain-links li[data-link-state='altered']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".chain-links li[data-link-state='recomputed']")).ToHaveCountAsync(3);
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "verify-statement-altered-390");
    }

    /// <summary>Drafted, opened, signed by a co-signer and published: four events.</summary>
    private async Task<string> APublishedStatement()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var cosigner = await browser.AMovementWithItsRepresentative("CO");
        var statement = await browser.Create("/api/statements", new
        {
            title = Scenarios.Unique("Alto a los asesinatos"), body = "Exigimos justicia para «las y los líderes» asesinados.", language = "es",
            initiatingMovementId = initiator.MovementId,
        }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signature-opening", new { }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = cosigner.MovementId, revision = 1 }, cosigner.Token);
        await browser.Post($"/api/statements/{statement}/publication", null, initiator.Token);
        return statement;
    }
}
