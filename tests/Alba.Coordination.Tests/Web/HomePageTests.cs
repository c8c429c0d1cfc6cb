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

        // A push, not a latency bound: the daemon and the feed under a loaded test run can take seconds (benchmarks measure latency).
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements")).ToContainTextAsync(name, new() { Timeout = 10000 });
        await browser.Screenshot(page, "home-live-movement");
    }

    [Theory]
    [InlineData("en", "Member movements")]
    [InlineData("pt", "Movimentos membros")]
    [InlineData("fr", "Mouvements membres")]
    [InlineData("es", "Movimientos miembros")]
    public async Task speaks_each_of_the_four_languages_when_chosen(string language, string heading)
    {
        var page = await browser.PhonePage("de-DE");
        await page.GotoAsync("/");
        // A browser in none of the four languages gets Spanish, the platform's working language.
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements h2")).ToContainTextAsync("Movimientos miembros");
        await page.SelectOptionAsync("#lang", language);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements h2")).ToContainTextAsync(heading);
        Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
    }

    [Theory]
    [InlineData("pt-BR", "Movimentos membros")]
    [InlineData("fr-HT", "Mouvements membres")]
    public async Task follows_the_browsers_language(string locale, string heading)
    {
        var page = await browser.PhonePage(locale);
        await page.GotoAsync("/");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#movements h2")).ToContainTextAsync(heading);
    }
}
