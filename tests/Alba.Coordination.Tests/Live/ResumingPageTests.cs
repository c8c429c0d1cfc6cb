using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Live;

[Collection(BrowserCollection.Name)]
public class a_page_that_loses_its_connection(BrowserFixture browser)
{
    [Fact]
    public async Task shows_what_changed_meanwhile_after_it_reconnects()
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Marcha Patriótica"), country = "CO", region = "Andes", sector = "popular" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var callId = await browser.Create("/api/mobilisations", new
        {
            title = "Jornada por la paz", callText = "Todos a las calles.", language = "es", startsOn = today, endsOn = today.AddDays(1),
            countries = new[] { "CO" }, convenedBy = new[] { movement },
        }, organiser);
        var actionId = await browser.Create($"/api/mobilisations/{callId}/actions", new
        {
            city = "Cali", country = "CO", kind = "march", startsAt = DateTimeOffset.UtcNow.AddHours(-1), organisingMovementId = movement,
        }, organiser);

        var page = await browser.PhonePage();
        // The hub's WebSockets pass through the test, so it can cut them as a lost network would (going offline alone
        // leaves an open WebSocket open).
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/hubs/live**", socket =>
        {
            socket.ConnectToServer();
            lock (sockets) sockets.Add(socket);
        });
        await page.GotoAsync($"/mobilisations/{callId}");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        await Report(actionId, "r0", 12000, organiser);
        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("12.000");

        await page.Context.SetOfflineAsync(true);
        foreach (var socket in sockets.ToList()) await socket.CloseAsync(new() { Code = 1006 });
        await Expect(page.Locator("#live-status")).Not.ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 10000 });
        await Report(actionId, "r1", 15000, organiser);
        await Report(actionId, "r2", 17300, organiser);
        await browser.Screenshot(page, "live-page-offline");
        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("12.000");

        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 15000 });
        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("17.300", new() { Timeout = 5000 });
        await browser.Screenshot(page, "live-page-reconnected");

        // And it goes on live after the seam.
        await Report(actionId, "r3", 19100, organiser);
        await Expect(page.Locator("[data-figure=turnout] b")).ToHaveTextAsync("19.100", new() { Timeout = 2000 });
    }

    private Task Report(string actionId, string reportId, int turnout, string organiser) =>
        browser.Post($"/api/actions/{actionId}/reports", new
        {
            reportId, reportedAt = DateTimeOffset.UtcNow.AddSeconds(-1), turnout, arrests = 0, injuries = 0, deaths = 0, note = "",
        }, organiser);
}
