using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_home_page(BrowserFixture browser)
{
    [Fact]
    public async Task shows_a_movement_registered_through_the_api_without_a_reload()
    {
        var page = await browser.PhonePage();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("#movements");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");

        var name = Scenarios.Unique("Movimiento Campesino");
        await browser.Post("/api/movements", new { name, country = "PY", region = "South America", sector = "peasant" }, await browser.OrganiserToken());

        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements")).ToContainTextAsync(name, new() { Timeout = 2000 });
        await browser.Screenshot(page, "home-live-movement");
    }

    [Fact]
    public async Task switches_between_spanish_and_english()
    {
        var page = await browser.PhonePage();
        await page.GotoAsync("/");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements h2")).ToContainTextAsync("Movimientos miembros");
        await page.ClickAsync("#lang");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements h2")).ToContainTextAsync("Member movements");
    }
}
