using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// The chair's console closes a secret vote whose key the server dealt (opened through the API: the console opens secret votes
/// with named tellers only) with the shares its tellers type in, 2 of 3; the console labels it "key held by the server".
/// </summary>
[Collection(BrowserCollection.Name)]
public class tellers_closing_a_secret_vote(BrowserFixture browser)
{
    [Fact]
    public async Task each_teller_types_their_share_and_fewer_than_the_threshold_is_refused_saying_how_many_are_missing()
    {
        var cspBefore = browser.CspViolations.Count;
        var plenary = await browser.AScheduledPlenary(delegates: 2);
        var organiser = await browser.OrganiserToken();
        await browser.Post($"/api/sessions/{plenary.SessionId}/opening", null, organiser);
        var motionId = await browser.Create($"/api/sessions/{plenary.SessionId}/motions", new { title = "Moción con escrutadores", text = "Texto." }, organiser);

        var opened = await browser.Post($"/api/motions/{motionId}/vote", new { secret = true, majority = "simple", quorum = 0, tellers = 3, threshold = 2 }, organiser);
        var shares = opened!["tellerShares"]!.AsArray().OrderBy(s => s!["teller"]!.GetValue<int>()).Select(s => s!["share"]!.GetValue<string>()).ToList();

        var chair = await browser.LaptopPage("en-GB");
        await chair.SignInAsOrganiser($"/console/sessions/{plenary.SessionId}");
        var card = chair.Locator($"article.chair-motion[data-motion='{motionId}']");
        await Expect(card.Locator("[data-vote=open]")).ToContainTextAsync("key held by the server");
        await Expect(card.Locator("input[data-teller]")).ToHaveCountAsync(3);
        await Expect(card.Locator("form[data-form=close-vote]")).ToContainTextAsync("2 of 3 are needed");

        foreach (var (voter, choice) in plenary.Delegates.Zip(new[] { "yes", "no" }))
            await browser.Post($"/api/motions/{motionId}/ballots", new { choice }, voter.Token);

        // One teller alone: refused, saying how many more are needed; what the teller typed stays.
        await card.Locator("input[data-teller='3']").FillAsync(shares[2]);
        await card.Locator("form[data-form=close-vote] button[type=submit]").ClickAsync();
        await Expect(card.Locator("form[data-form=close-vote] [data-form-error]")).ToContainTextAsync("1 more teller share is needed");
        await Expect(card.Locator("input[data-teller='3']")).ToHaveValueAsync(shares[2]);
        await browser.Screenshot(chair, "tellers-one-share-refused-1280");
        await chair.AssertNoSeriousViolations();

        // A wrong share is named; then the second teller's own share decrypts the tally.
        await card.Locator("input[data-teller='1']").FillAsync(shares[1]);
        await card.Locator("form[data-form=close-vote] button[type=submit]").ClickAsync();
        await Expect(card.Locator("form[data-form=close-vote]")).ToContainTextAsync("not that teller's share");
        await card.Locator("input[data-teller='1']").FillAsync("");
        await card.Locator("input[data-teller='2']").FillAsync(shares[1]);
        await card.Locator("form[data-form=close-vote] button[type=submit]").ClickAsync();
        await Expect(card.Locator("[data-vote-result]")).ToContainTextAsync("Yes 1", new() { Timeout = 10000 });
        await Expect(card.Locator("form[data-form=close-vote]")).ToHaveCountAsync(0);
        await browser.Screenshot(chair, "tellers-closed-1280");
        await chair.AssertNoSeriousViolations();
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }
}
