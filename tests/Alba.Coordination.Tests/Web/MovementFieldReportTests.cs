using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>The field report form on a phone at a march: it opens and keeps reports without network, and sends them when it returns.</summary>
[Collection(BrowserCollection.Name)]
public class a_field_report_from_a_phone(BrowserFixture browser)
{
    [Fact]
    public async Task made_offline_waits_on_the_phone_and_counts_once_with_the_latest_figures_when_the_network_returns()
    {
        var representative = await browser.AMovementWithItsRepresentative();
        var march = await browser.ALocalActionOf(representative);
        var path = $"/movement/actions/{march.ActionId}/report";
        var page = await browser.PhonePage("en-GB");
        await page.SignInAt(representative, path);
        await Expect(page.Locator("#action-line")).ToContainTextAsync("Caracas");
        // Visited once: the service worker keeps the page's files (sw.js), so it opens again without network.
        await page.WaitForFunctionAsync("""
            async () => navigator.serviceWorker.controller !== null
              && (await (await caches.open("alba-app-v1")).keys()).some(r => r.url.endsWith("/js/pages/movement/report.js"))
            """, null, new() { PollingInterval = 200 });
        // The page read the API too (the action's line), but only the app's own files are kept: never an API answer.
        Assert.True(await page.EvaluateAsync<bool>("""
            async () => (await (await caches.open("alba-app-v1")).keys()).every(r => !new URL(r.url).pathname.startsWith("/api/"))
            """), "the service worker kept an API answer");

        await page.Context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(page.Locator("#action-line")).ToContainTextAsync("Caracas");
        foreach (var (turnout, arrests) in new[] { (120, 0), (480, 2), (900, 3) })
        {
            await page.FillAsync("#report-turnout", turnout.ToString());
            await page.FillAsync("#report-arrests", arrests.ToString());
            await page.ClickAsync("#report button[type=submit]");
        }
        await Expect(page.Locator("#waiting [data-waiting]")).ToHaveAttributeAsync("data-waiting", "3");
        await Expect(page.Locator("#waiting")).ToContainTextAsync("3 reports waiting for the network");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "movement-field-report-offline");

        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#waiting [data-waiting]")).ToHaveAttributeAsync("data-waiting", "0", new() { Timeout = 10_000 });
        await Expect(page.Locator("#sent li")).ToHaveCountAsync(3);

        var dashboard = await browser.PhonePage("en-GB");
        await dashboard.GotoAsync($"/mobilisations/{march.MobilisationId}");
        await Expect(dashboard.Locator("[data-figure=turnout] b")).ToHaveTextAsync("900");
        await Expect(dashboard.Locator("[data-figure=arrests] b")).ToHaveTextAsync("3");

        // The same report sent again (a retry after a lost answer) changes nothing.
        var reports = await browser.Http.GetFromJsonWithToken<JsonArray>($"/api/actions/{march.ActionId}/reports", representative.Token);
        Assert.Equal(3, reports.Count);
        var latest = reports.Single(r => r!["isLatest"]!.GetValue<bool>())!;
        Assert.Equal(900, latest["turnout"]!.GetValue<long>());
        var again = await browser.Post($"/api/actions/{march.ActionId}/reports", new
        {
            reportId = latest["reportId"]!.GetValue<string>(), reportedAt = latest["reportedAt"]!.GetValue<DateTimeOffset>(), turnout = 900, arrests = 3,
            injuries = 0, deaths = 0, note = (string?)null,
        }, representative.Token);
        Assert.True(again!["repeated"]!.GetValue<bool>());
        Assert.Equal(3, (await browser.Http.GetFromJsonWithToken<JsonArray>($"/api/actions/{march.ActionId}/reports", representative.Token)).Count);
        await Expect(dashboard.Locator("[data-figure=turnout] b")).ToHaveTextAsync("900");
    }

    [Fact]
    public async Task for_another_movements_action_is_refused_by_the_api_and_the_page_says_why()
    {
        var organising = await browser.AMovementWithItsRepresentative();
        var march = await browser.ALocalActionOf(organising);
        var other = await browser.AMovementWithItsRepresentative("CO");

        var page = await browser.PhonePage("en-GB");
        await page.SignInAt(other, $"/movement/actions/{march.ActionId}/report");
        await page.FillAsync("#report-turnout", "5000");
        await page.ClickAsync("#report button[type=submit]");
        await Expect(page.Locator("#refused li")).ToContainTextAsync("Only the organising movement's representative, or an organiser, may report on this action.");
        await Expect(page.Locator("#waiting [data-waiting]")).ToHaveAttributeAsync("data-waiting", "0");
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "movement-field-report-refused");

        var action = await browser.Http.GetFromJsonWithToken<JsonObject>($"/api/actions/{march.ActionId}", organising.Token);
        Assert.Equal(0, action["reports"]!.GetValue<int>());
    }
}
