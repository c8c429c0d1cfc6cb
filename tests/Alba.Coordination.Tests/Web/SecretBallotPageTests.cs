using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// Secret ballots encrypted on the delegate's device (wwwroot/js/ballot.js) and the public verifier page
/// (/motions/{id}/verify, wwwroot/js/verify.js), against the server's own cryptography.
/// </summary>
[Collection(BrowserCollection.Name)]
public class secret_ballots_in_the_browser(BrowserFixture browser)
{
    // Encrypting and proving (or checking a board) takes a moment per ballot on a loaded test machine.
    private static readonly LocatorAssertionsToHaveAttributeOptions WhileItComputes = new() { Timeout = 30000 };

    [Fact]
    public async Task ballots_encrypted_by_ballot_js_are_accepted_and_counted_by_the_server_and_a_forged_one_is_refused()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 4);
        var board = await browser.Board(plenary.MotionId);
        var page = await browser.LaptopPage();
        await page.GotoAsync("/");

        foreach (var (voter, choice) in plenary.Delegates.Zip(new[] { "yes", "no", "yes" }))
        {
            var encrypted = await page.EncryptInBrowser(choice, board["publicKey"]!.GetValue<string>(), plenary.MotionId);
            var answer = await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { ballot = encrypted["ballot"] }, voter.Token);
            Assert.Equal(encrypted["receipt"]!.GetValue<string>(), answer!["receipt"]!.GetValue<string>());
        }

        // A proof altered by one digit, from the fourth delegate: the server refuses it (400) and records nothing.
        var forged = await page.EncryptInBrowser("yes", board["publicKey"]!.GetValue<string>(), plenary.MotionId);
        var z = forged["ballot"]!["options"]![0]!["proof"]!["z0"]!.GetValue<string>();
        forged["ballot"]!["options"]![0]!["proof"]!["z0"] = (z[0] == '0' ? "1" : "0") + z[1..];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/motions/{plenary.MotionId}/ballots")
        {
            Content = JsonContent.Create(new { ballot = forged["ballot"] }),
        };
        request.Headers.Authorization = new("Bearer", plenary.Delegates[3].Token);
        using var refused = await browser.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var closed = await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, await browser.OrganiserToken());
        Assert.Equal(2, closed!["yes"]!.GetValue<int>());
        Assert.Equal(1, closed["no"]!.GetValue<int>());
        Assert.Equal(3, closed["cast"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_delegate_votes_secretly_without_sending_the_choice_and_finds_the_receipt_on_the_verified_board()
    {
        var cspBefore = browser.CspViolations.Count;
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 2);
        var page = await browser.PhonePage();
        var ballotBodies = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith($"/api/motions/{plenary.MotionId}/ballots")) ballotBodies.Add(request.PostData ?? "");
        };
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", plenary.Delegates[0].CredentialCode);
        await page.ClickAsync("#sign-in button");
        await page.ClickAsync($"[data-ballot='{plenary.MotionId}'] [data-choice=abstain]");
        await Expect(page.Locator("[data-receipt]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"), new() { Timeout = 30000 });
        var receipt = await page.Locator("[data-receipt]").TextContentAsync();
        await browser.Screenshot(page, "secret-ballot-receipt-390");
        await page.AssertNoSeriousViolations();

        // What left the phone: an encrypted ballot with its proofs, no choice.
        var body = JsonNode.Parse(Assert.Single(ballotBodies))!.AsObject();
        Assert.False(body.ContainsKey("choice"));
        Assert.Equal(3, body["ballot"]!["options"]!.AsArray().Count);
        Assert.DoesNotContain("abstain", ballotBodies[0]);

        await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { choice = "yes" }, plenary.Delegates[1].Token);
        await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, await browser.OrganiserToken());
        var board = await browser.Board(plenary.MotionId);
        Assert.Contains(receipt, board["ballots"]!.AsArray().Select(entry => entry!["receipt"]!.GetValue<string>()));

        // The phone's link opens the verifier with its receipt filled in, tapped once the closing's pushes have shown
        // the result and the ballot's place on the board (a tap during a re-render can land on a replaced link).
        var card = page.Locator($"[data-motion='{plenary.MotionId}']");
        await Expect(card.Locator("[data-result]")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Expect(card.Locator("[data-ballot-fate=onBoard]")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await page.Locator($"[data-motion='{plenary.MotionId}'] [data-verify-link]").ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified", WhileItComputes);
        await Expect(page.Locator("#receipt-answer")).ToHaveAttributeAsync("data-found", "true");
        await Expect(page.Locator("[data-board-tally]")).ToContainTextAsync("Sí 1");
        await browser.Screenshot(page, "verify-vote-verified-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Theory]
    [InlineData("en-GB", "Verified")]
    [InlineData("pt-BR", "Verificado")]
    [InlineData("fr-HT", "Vérifié")]
    public async Task the_verifier_says_verified_for_a_genuine_board_in_the_readers_language(string locale, string verified)
    {
        var motionId = await browser.AClosedSecretVote(["yes", "no", "yes"]);
        var page = await browser.LaptopPage(locale);
        await page.GotoAsync($"/motions/{motionId}/verify");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "verified", WhileItComputes);
        await Expect(page.Locator("#verdict")).ToContainTextAsync(verified);
        await Expect(page.Locator("[data-board-ballots]")).ToHaveTextAsync("3");
        await browser.Screenshot(page, $"verify-vote-verified-1280-{locale}");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
    }

    [Theory]
    [InlineData("changed", "changed")]
    [InlineData("removed", "unlinked")]
    [InlineData("reordered", "numbered")]
    public async Task the_verifier_names_a_ballot_changed_removed_or_reordered_on_the_board_it_is_served(string tampering, string fault)
    {
        var motionId = await browser.AClosedSecretVote(["yes", "no", "abstain"]);
        var page = await browser.PhonePage("en-GB");
        await page.RouteAsync($"**/api/motions/{motionId}/board", async route =>
        {
            var response = await route.FetchAsync();
            var board = JsonNode.Parse(await response.TextAsync())!;
            var ballots = board["ballots"]!.AsArray();
            switch (tampering)
            {
                case "changed":
                    // One ciphertext of the second ballot replaced by another of its own: the sums still look like points.
                    var options = ballots[1]!["ballot"]!["options"]!;
                    options[0]!["a"] = options[1]!["a"]!.GetValue<string>();
                    break;
                case "removed":
                    ballots.RemoveAt(1);
                    break;
                case "reordered":
                    var first = ballots[0]!;
                    ballots.RemoveAt(0);
                    ballots.Insert(1, first);
                    break;
            }
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = board.ToJsonString() });
        });
        await page.GotoAsync($"/motions/{motionId}/verify");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "failed", WhileItComputes);
        await Expect(page.Locator("#verdict")).ToHaveTextAsync("Verification failed:");
        var named = page.Locator($"#faults [data-fault='{fault}']");
        await Expect(named.First).ToContainTextAsync(tampering == "reordered" ? "Ballot 1" : "Ballot 2");
        await browser.Screenshot(page, $"verify-vote-{tampering}-390");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
    }
}

/// <summary>Secret votes for the browser tests, and ballot.js run in a page.</summary>
public static class SecretBallotScenarios
{
    public static async Task<JsonNode> Board(this BrowserFixture browser, string motionId) =>
        JsonNode.Parse(await browser.Http.GetStringAsync($"/api/motions/{motionId}/board"))!;

    /// <summary>A secret vote in which the plenary's delegates chose <paramref name="choices"/> (one each), closed with the tellers' shares.</summary>
    public static async Task<string> AClosedSecretVote(this BrowserFixture browser, IReadOnlyList<string> choices)
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(choices.Count);
        foreach (var (voter, choice) in plenary.Delegates.Zip(choices))
            await browser.Post($"/api/motions/{plenary.MotionId}/ballots", new { choice }, voter.Token);
        await browser.Post($"/api/motions/{plenary.MotionId}/vote/closing", new { shares = plenary.TellerShares }, await browser.OrganiserToken());
        return plenary.MotionId;
    }

    /// <summary>{ballot, receipt}: the page's own ballot.js encrypting <paramref name="choice"/> under the vote's key, as the delegate's phone does.</summary>
    public static async Task<JsonNode> EncryptInBrowser(this IPage page, string choice, string publicKey, string motionId) =>
        JsonNode.Parse(await page.EvaluateAsync<string>(
            """
            async ([choice, key, motion]) => {
              const { encryptBallot, receiptOf } = await import("/js/ballot.js");
              const ballot = encryptBallot(choice, key, motion);
              return JSON.stringify({ ballot, receipt: receiptOf(ballot) });
            }
            """, new[] { choice, publicKey, motionId }))!;
}
