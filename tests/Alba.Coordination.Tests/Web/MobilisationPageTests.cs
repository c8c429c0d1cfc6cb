using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_mobilisation_page(BrowserFixture browser)
{
    [Fact]
    public async Task shows_an_action_report_made_through_the_api_within_two_seconds()
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Congreso Popular"), country = "CO", region = "Andes", sector = "popular" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var callId = await browser.Create("/api/mobilisations", new
        {
            title = "Paro nacional", callText = "Todos a las calles.", language = "es", startsOn = today, endsOn = today.AddDays(1),
            countries = new[] { "CO" }, convenedBy = new[] { movement },
        }, organiser);
        var actionId = await browser.Create($"/api/mobilisations/{callId}/actions", new
        {
            city = "Bogotá", country = "CO", kind = "march", startsAt = DateTimeOffset.UtcNow, organisingMovementId = movement,
        }, organiser);

        var page = await browser.PhonePage();
        await page.GotoAsync($"/mobilisations/{callId}");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("0");

        await browser.Post($"/api/actions/{actionId}/reports", new
        {
            reportId = "r1", reportedAt = DateTimeOffset.UtcNow, turnout = 12500, arrests = 3, injuries = 1, deaths = 0, note = "",
        }, organiser);

        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("12.500", new() { Timeout = 2000 });
        await Expect(page.Locator(".bar[data-country=CO]")).ToContainTextAsync("12.500");
        await browser.Screenshot(page, "mobilisation-dashboard-live");
    }
}
