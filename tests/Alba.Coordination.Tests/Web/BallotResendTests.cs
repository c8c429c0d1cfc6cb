using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// A delegate's phone and the node holding its secret ballot in memory (docs/voting.md, "The mixer's crash window"): the app
/// runs as its own process with batches of 3, so a lone ballot waits in the mixer; the process is killed (SIGKILL) and started
/// again on the same database and address while the page stays open, and the page alone (js/ballot-resend.js) must send the
/// ballot again and tell the delegate what became of it. A fixture of its own: killing the shared app would fail other tests.
/// </summary>
public class when_the_node_holding_a_delegates_secret_ballot_is_killed : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Alba__Ballots__MixBatch"] = "3",
        // The delegates' tokens outlive the restart, as on any node behind a load balancer.
        ["Alba__Jwt__SigningKey"] = "a-signing-key-the-restarted-node-keeps-0123456789",
    };
    private static readonly Regex Receipt = new("^[0-9a-f]{64}$");
    private readonly BrowserFixture browser = new() { Database = "browser_crash", AppSettings = Settings };
    private readonly ConcurrentQueue<(HttpStatusCode Status, bool AfterCrash)> resubmissions = new();
    private volatile bool crashed;

    public Task InitializeAsync() => browser.InitializeAsync();

    public Task DisposeAsync() => browser.DisposeAsync();

    [Fact]
    public async Task the_same_page_sends_it_again_by_itself_and_the_vote_closes_with_every_ballot()
    {
        var cspBefore = browser.CspViolations.Count;
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 3);
        var page = await ADelegatesPhoneThatVoted(plenary, "es-AR", "yes");
        var receipt = await page.Locator("[data-receipt]").TextContentAsync();
        Assert.Empty((await browser.Board(plenary.MotionId))["ballots"]!.AsArray()); // it waits in the mixer for two more

        crashed = true;
        await browser.CrashAndRestartApp();
        var ballot = page.Locator($"[data-motion='{plenary.MotionId}']");
        // The live connection's reconnection is the occasion (its retries back off to 16 s and more on a loaded machine).
        await Expect(ballot.Locator("[data-ballot-fate=resending]")).ToHaveTextAsync(
            "Su papeleta se está enviando de nuevo: el servidor que la recibió pudo detenerse antes de publicarla en el tablero.", new() { Timeout = 90000 });
        Assert.Contains((HttpStatusCode.OK, true), resubmissions);
        Assert.DoesNotContain(resubmissions, resent => !resent.AfterCrash); // nothing sent again before its batch had time to form
        await browser.Screenshot(page, "ballot-resending-390");
        await page.AssertNoSeriousViolations();

        // The two other delegates complete a batch on the new node: the resent ballot is posted with theirs, and the page sees it.
        foreach (var (voter, choice) in plenary.Delegates.Skip(1).Zip(new[] { "no", "yes" }))
            await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { choice }, voter.Token);
        await Expect(ballot.Locator("[data-ballot-fate=onBoard]")).ToHaveTextAsync(new Regex("^Su papeleta está en el tablero, en el lugar [123]\\.$"),
            new() { Timeout = 30000 });
        var board = await browser.Board(plenary.MotionId);
        Assert.Contains(receipt, board["ballots"]!.AsArray().Select(entry => entry!["receipt"]!.GetValue<string>()));
        Assert.Null(await page.EvaluateAsync<string?>(TabStorage.PendingBallotOfFirstDelegate(plenary)));

        var closed = await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, await browser.OrganiserToken());
        Assert.Equal((2, 1, 0, 3), (closed!["yes"]!.GetValue<int>(), closed["no"]!.GetValue<int>(), closed["abstain"]!.GetValue<int>(), closed["cast"]!.GetValue<int>()));
        await Expect(ballot.Locator("[data-result]")).ToContainTextAsync("Sí 2 · No 1 · Abstención 0", new() { Timeout = 30000 });
        await Expect(ballot.Locator("[data-ballot-fate=onBoard]")).ToBeVisibleAsync();
        board = await browser.Board(plenary.MotionId);
        Assert.Equal((3, 3, 0), (board["ballots"]!.AsArray().Count, board["cast"]!.GetValue<int>(), board["lost"]!.GetValue<int>()));
        await browser.Screenshot(page, "ballot-on-board-closed-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Fact]
    public async Task a_resend_refused_because_the_vote_closed_accepting_its_loss_tells_the_delegate_it_counted_as_lost()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 2);
        var page = await ADelegatesPhoneThatVoted(plenary, "en-GB", "abstain");
        // The page's resend after the restart is held back until the chair has closed the vote accepting the loss.
        var closedAcceptingTheLoss = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        await page.RouteAsync("**/ballots/resubmission", async route =>
        {
            held.TrySetResult();
            await closedAcceptingTheLoss.Task;
            await route.ContinueAsync();
        });

        crashed = true;
        await browser.CrashAndRestartApp();
        await held.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { choice = "no" }, plenary.Delegates[1].Token);
        // The chair closes from the console: the closing is refused naming the lost ballot, and the console asks to confirm.
        var chair = await browser.LaptopPage("en-GB");
        await chair.SignInAsOrganiser($"/console/sessions/{plenary.SessionId}");
        var card = chair.Locator($"article.chair-motion[data-motion='{plenary.MotionId}']");
        await card.Locator("input[data-teller='1']").FillAsync(plenary.TellerShares[0]!["share"]!.GetValue<string>());
        await card.Locator("form[data-form=close-vote] button[type=submit]").ClickAsync();
        var confirmation = card.Locator("[data-accept-missing]");
        await Expect(confirmation).ToContainTextAsync("Registered ballots that never reached the board: 1.");
        await Expect(confirmation.Locator("[data-action=close-accepting]")).ToBeFocusedAsync();
        await browser.Screenshot(chair, "chair-accept-missing-1280");
        await chair.AssertNoSeriousViolations();
        await chair.RunAndWaitForResponseAsync(() => confirmation.Locator("[data-action=close-accepting]").ClickAsync(),
            response => response.Url.EndsWith($"/api/motions/{plenary.MotionId}/vote/closing") && response.Status == 200);
        await Expect(confirmation).ToHaveCountAsync(0);
        closedAcceptingTheLoss.SetResult();

        var ballot = page.Locator($"[data-motion='{plenary.MotionId}']");
        await Expect(ballot.Locator("[data-ballot-fate=lost]")).ToHaveTextAsync(
            "The vote closed without your ballot reaching the board: it was counted as lost.", new() { Timeout = 30000 });
        Assert.Contains((HttpStatusCode.Conflict, true), resubmissions); // "The vote is closed."
        await Expect(ballot.Locator("[data-result]")).ToContainTextAsync("Yes 0 · No 1 · Abstain 0");
        var board = await browser.Board(plenary.MotionId);
        Assert.Equal((1, 2, 1), (board["ballots"]!.AsArray().Count, board["cast"]!.GetValue<int>(), board["lost"]!.GetValue<int>()));
        Assert.Null(await page.EvaluateAsync<string?>(TabStorage.PendingBallotOfFirstDelegate(plenary)));

        // A reload still tells the delegate, and looks no further.
        var before = resubmissions.Count;
        await page.ReloadAsync();
        await Expect(ballot.Locator("[data-ballot-fate=lost]")).ToBeVisibleAsync();
        Assert.Equal(before, resubmissions.Count);
        await browser.Screenshot(page, "ballot-lost-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
    }

    /// <summary>A phone signed in as the plenary's first delegate that cast <paramref name="choice"/> in its secret vote and shows the receipt.</summary>
    private async Task<IPage> ADelegatesPhoneThatVoted(Plenary plenary, string locale, string choice)
    {
        var page = await browser.PhonePage(locale);
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "POST" && response.Url.EndsWith("/ballots/resubmission"))
                resubmissions.Enqueue(((HttpStatusCode)response.Status, crashed));
        };
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[0].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await page.ClickAsync($"[data-ballot='{plenary.MotionId}'] [data-choice={choice}]");
        await Expect(page.Locator("[data-receipt]")).ToHaveTextAsync(Receipt, new() { Timeout = 30000 });
        Assert.NotNull(await page.EvaluateAsync<string?>(TabStorage.PendingBallotOfFirstDelegate(plenary)));
        return page;
    }

}

[Collection(BrowserCollection.Name)]
public class when_a_delegates_phone_keeps_a_ballot_not_yet_on_the_board(BrowserFixture browser)
{
    /// <summary>
    /// The tab shown again and the network back are occasions to look for the kept ballot (here it waits in the mixer for a batch
    /// of 10, so it is missing from the board and sent again, which adds nothing), and however many come at once, looks are at
    /// least 2 s apart: twenty occasions in a row send it at most twice (one at once, one put off).
    /// </summary>
    [Fact]
    public async Task showing_the_tab_again_or_the_network_returning_sends_it_again_a_bounded_number_of_times()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 2);
        var page = await browser.PhonePage("fr-FR");
        var resubmissions = new ConcurrentQueue<int>();
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "POST" && response.Url.EndsWith("/ballots/resubmission")) resubmissions.Enqueue(response.Status);
        };
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[0].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await page.ClickAsync($"[data-ballot='{plenary.MotionId}'] [data-choice=yes]");
        await Expect(page.Locator("[data-receipt]")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"), new() { Timeout = 30000 });
        await page.WaitForTimeoutAsync(2500); // past the least gap after casting, well before the timer's first look (15 s)
        Assert.Empty(resubmissions);

        await page.EvaluateAsync("""
            () => {
              for (let i = 0; i < 10; i++) {
                document.dispatchEvent(new Event("visibilitychange"));
                window.dispatchEvent(new Event("online"));
              }
            }
            """);
        var ballot = page.Locator($"[data-motion='{plenary.MotionId}']");
        await Expect(ballot.Locator("[data-ballot-fate=resending]")).ToHaveTextAsync(
            "Votre bulletin est renvoyé : le serveur qui l'a reçu a pu s'arrêter avant de le publier au tableau.", new() { Timeout = 30000 });
        await page.WaitForTimeoutAsync(3000); // the put-off look, if any, and not yet the timer's
        Assert.InRange(resubmissions.Count, 1, 2);
        Assert.All(resubmissions, status => Assert.Equal(200, status));
        await browser.Screenshot(page, "ballot-resending-fr-390");
        await page.AssertNoSeriousViolations();

        // The closing posts it with the ballots still waiting; the page says where it is.
        await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, await browser.OrganiserToken());
        await Expect(ballot.Locator("[data-ballot-fate=onBoard]")).ToHaveTextAsync("Votre bulletin est au tableau, à la place 1.", new() { Timeout = 30000 });
    }

    /// <summary>
    /// A kept ballot whose nonce no longer matches the commitment the register recorded (here altered in the tab): the page's
    /// resend after a reload is refused (409 "This is not the ballot you cast…"), the page stops sending it and says so.
    /// </summary>
    [Fact]
    public async Task the_page_stops_sending_it_and_tells_the_delegate()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 2);
        var page = await browser.PhonePage("pt-BR");
        var resubmissions = new ConcurrentQueue<int>();
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "POST" && response.Url.EndsWith("/ballots/resubmission")) resubmissions.Enqueue(response.Status);
        };
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[0].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await page.ClickAsync($"[data-ballot='{plenary.MotionId}'] [data-choice=no]");
        await Expect(page.Locator("[data-receipt]")).ToHaveTextAsync(new Regex("^[0-9a-f]{64}$"), new() { Timeout = 30000 });

        await page.EvaluateAsync($$"""
            () => {
              const key = "{{TabStorage.PendingBallotKey(plenary)}}";
              const kept = JSON.parse(sessionStorage.getItem(key));
              sessionStorage.setItem(key, JSON.stringify({ ...kept, nonce: "0".repeat(64) }));
            }
            """);
        await page.ReloadAsync(); // a reload looks at once: the ballot waits in the mixer for its batch, so it is missing from the board

        var ballot = page.Locator($"[data-motion='{plenary.MotionId}']");
        await Expect(ballot.Locator("[data-ballot-fate=refused]")).ToHaveTextAsync(
            "O servidor não aceitou sua cédula de novo: ela não corresponde ao que o registro anotou quando você votou. Se a votação for encerrada sem ela, contará como perdida.",
            new() { Timeout = 30000 });
        Assert.Equal([409], resubmissions);
        Assert.Null(await page.EvaluateAsync<string?>(TabStorage.PendingBallotOfFirstDelegate(plenary)));
        await browser.Screenshot(page, "ballot-refused-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
    }
}

/// <summary>The tab keeps a pending ballot under its delegate and motion (js/delegate.js).</summary>
internal static class TabStorage
{
    public static string PendingBallotKey(Plenary plenary) => $"alba.pending.{plenary.Delegates[0].Id}.{plenary.MotionId}";

    public static string PendingBallotOfFirstDelegate(Plenary plenary) => $"() => sessionStorage.getItem('{PendingBallotKey(plenary)}')";
}
