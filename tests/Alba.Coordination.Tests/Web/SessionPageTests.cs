using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_session_page(BrowserFixture browser)
{
    private static readonly Microsoft.Playwright.LocatorAssertionsToContainTextOptions WithinTwoSeconds = new() { Timeout = 2000 };

    [Fact]
    public async Task shows_the_floor_ballots_and_the_result_as_they_happen()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote();
        var organiser = await browser.OrganiserToken();
        var page = await browser.PhonePage();
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(page.Locator($"[data-motion='{plenary.MotionId}']")).ToContainTextAsync("0 emitidos");

        var speaker = plenary.Delegates[0];
        await browser.Post($"/api/sessions/{plenary.SessionId}/speakers", new { }, speaker.Token);
        await Expect(page.Locator("#queue")).ToContainTextAsync(speaker.FullName, WithinTwoSeconds);
        await browser.Post($"/api/sessions/{plenary.SessionId}/speakers/next", null, organiser);
        await Expect(page.Locator("#current-speaker")).ToContainTextAsync(speaker.FullName, WithinTwoSeconds);
        await browser.Screenshot(page, "session-floor-given");

        await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { choice = "yes" }, plenary.Delegates[1].Token);
        await Expect(page.Locator($"[data-motion='{plenary.MotionId}']")).ToContainTextAsync("1 emitidos", WithinTwoSeconds);
        await browser.Screenshot(page, "session-ballot-counted");

        await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, organiser);
        await Expect(page.Locator("[data-result]")).ToContainTextAsync("Aprobada", WithinTwoSeconds);
        await browser.Screenshot(page, "session-vote-closed");
    }

    [Fact]
    public async Task a_delegate_signs_in_with_the_badge_code_votes_and_sees_only_that_it_has_voted()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote();
        var page = await browser.PhonePage();
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[2].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await page.ClickAsync($"[data-ballot='{plenary.MotionId}'] [data-choice=no]");

        // The first secret ballot of a fresh process encrypts and proves on the server (cold cryptography): allow it time.
        await Expect(page.Locator("[data-voted]")).ToHaveTextAsync("Usted ha votado", new() { Timeout = 20000 });
        await Expect(page.Locator($"[data-motion='{plenary.MotionId}']")).Not.ToContainTextAsync("No ");
        await Expect(page.Locator($"[data-motion='{plenary.MotionId}']")).ToContainTextAsync("1 emitidos");
        await browser.Screenshot(page, "session-delegate-has-voted");

        await page.ClickAsync("#ask-floor");
        await Expect(page.Locator("#queue")).ToContainTextAsync(plenary.Delegates[2].FullName, WithinTwoSeconds);

        // The tablet passes to the next delegate: what the tab kept about the vote was the first one's, not theirs.
        await page.ClickAsync("#delegate-sign-out"); // the page's own, which keeps the tablet on the session
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[1].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await Expect(page.Locator($"[data-ballot='{plenary.MotionId}'] [data-choice=yes]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-voted]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task fits_a_390_pixel_wide_phone_without_horizontal_scrolling()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote();
        var page = await browser.PhonePage();
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await Expect(page.Locator("#motions")).ToContainTextAsync("Moción de solidaridad");
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.Equal(0, overflow);
        await browser.Screenshot(page, "session-390x844");
    }
}
