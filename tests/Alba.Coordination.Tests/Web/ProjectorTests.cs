using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_projector(BrowserFixture browser)
{
    /// <summary>
    /// What the projector may keep after 1,000 pushed updates beyond what it held after the first 50 (measured: see
    /// docs/sessions.md). A leak of one rendered session per update would pass it within the first few hundred.
    /// </summary>
    private const double HeapGrowthBoundBytes = 1_000_000;

    [Fact]
    public async Task holds_its_memory_over_a_thousand_pushed_updates()
    {
        var plenary = await browser.AScheduledPlenary(delegates: 3);
        var organiser = await browser.OrganiserToken();
        await browser.Post($"/api/sessions/{plenary.SessionId}/opening", null, organiser);
        foreach (var speaker in plenary.Delegates) await browser.Post($"/api/sessions/{plenary.SessionId}/speakers", new { delegateId = speaker.Id }, organiser);
        await browser.Post($"/api/sessions/{plenary.SessionId}/speakers/next", null, organiser);

        var page = await browser.LaptopPage();
        await page.GotoAsync($"/sessions/{plenary.SessionId}/projector");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        var projector = page.Locator("#projector");

        // Each update is a change of the speaking time, pushed to the session's group; the projector refetches and re-renders.
        async Task Push(int from, int count)
        {
            for (var i = from; i < from + count; i++)
                await browser.Put($"/api/sessions/{plenary.SessionId}/speaking-time", new { seconds = 60 + i % 2 + 2 * (i % 500) }, organiser);
            var last = 60 + (from + count - 1) % 2 + 2 * ((from + count - 1) % 500);
            await Expect(projector).ToHaveAttributeAsync("data-speaking-limit", last.ToString(), new() { Timeout = 5000 });
        }

        await Push(0, 50);
        var warmedUp = await page.HeapAfterGarbageCollection();
        await Push(50, 1000);
        var after = await page.HeapAfterGarbageCollection();

        var growth = after - warmedUp;
        Console.WriteLine($"Projector heap after GC: {warmedUp / 1e6:F2} MB after 50 updates, {after / 1e6:F2} MB after 1,050 (growth {growth / 1e3:F0} kB).");
        Assert.True(growth < HeapGrowthBoundBytes, $"The projector's heap grew by {growth / 1e3:F0} kB over 1,000 updates.");
        await browser.Screenshot(page, "projector-after-1000-updates");
    }

    [Fact]
    public async Task shows_the_session_with_no_controls_and_refetches_after_a_gap()
    {
        var plenary = await browser.AScheduledPlenary(delegates: 2);
        var organiser = await browser.OrganiserToken();
        var page = await browser.PhonePage();
        await page.GotoAsync($"/sessions/{plenary.SessionId}/projector");
        await Expect(page.Locator("#projector")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("button, input, select, textarea, a, header.top").Filter(new() { Visible = true }).CountAsync());
        await page.AssertNoSeriousViolations();

        // Offline while the chair opens and takes an item: nothing arrives; back online, the live feed reconnects and the page refetches.
        await page.Context.SetOfflineAsync(true);
        await browser.Post($"/api/sessions/{plenary.SessionId}/opening", null, organiser);
        await browser.Put($"/api/sessions/{plenary.SessionId}/agenda/current", new { index = 1 }, organiser);
        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#projector-agenda")).ToContainTextAsync("Declaración", new() { Timeout = 15000 });
        await page.AssertFitsItsWidth();
    }
}
