using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// The two cases where <c>live.js</c> cannot replay what a follower missed and tells it to refetch with one
/// <c>{kind: "Resynced"}</c> (docs/live.md, "Where a read stands"), and its re-join on a gap within one connection (rule 4),
/// driven through the module in a page of the running app.
/// </summary>
[Collection(BrowserCollection.Name)]
public class live_js_tells_a_follower_to_refetch(BrowserFixture browser)
{
    [Fact]
    public async Task when_the_connection_dropped_before_its_first_join_was_answered_and_when_the_group_was_already_followed_from_later()
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Movimiento Sin Tierra"), country = "BR", region = "Sul", sector = "rural" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var callId = await browser.Create("/api/mobilisations", new
        {
            title = "Jornada pela terra", callText = "Todos às ruas.", language = "pt", startsOn = today, endsOn = today.AddDays(1),
            countries = new[] { "BR" }, convenedBy = new[] { movement },
        }, organiser);
        var group = $"mobilisation:{callId}";

        var page = await browser.PhonePage();
        // The hub's WebSockets pass through the test: the first Join of this group is not sent on, and its socket is cut,
        // as a network lost at that moment would; later one update of the group is lost on the way to the page.
        var dropJoin = true;
        var dropUpdate = false;
        string? dropped = null;
        await page.RouteWebSocketAsync("**/hubs/live**", socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text is { } text && text.Contains("\"target\":\"update\"") && text.Contains(group) && dropUpdate)
                {
                    dropUpdate = false;
                    dropped = text;
                    return;
                }
                if (frame.Text is { } received) socket.Send(received);
                else socket.Send(frame.Binary!);
            });
            socket.OnMessage(frame =>
            {
                if (frame.Text is { } text && text.Contains("\"target\":\"Join\"") && text.Contains(group) && dropJoin)
                {
                    dropJoin = false;
                    _ = socket.CloseAsync(new() { Code = 1006 });
                    return;
                }
                if (frame.Text is { } sent) server.Send(sent);
                else server.Send(frame.Binary!);
            });
        });
        await page.GotoAsync("/");

        // No position passed, and the connection drops before the join is answered: after reconnecting, one Resynced.
        await page.EvaluateAsync(@"async group => {
            const live = await import('/js/live.js');
            window.heard = { first: [], behind: [], level: [] };
            await live.follow(group, update => window.heard.first.push(update.kind));
        }", group);
        await page.WaitForFunctionAsync("() => window.heard.first.length > 0", null, new() { Timeout = 20000 });
        Assert.False(dropJoin, "the test did not cut the first Join");
        Assert.Equal(["Resynced"], await Heard(page, "first"));

        // A second follower whose read stands before the position the first one reached is told to refetch; one whose read
        // stands at that position is not. Both then get the next update.
        var actionId = await browser.Create($"/api/mobilisations/{callId}/actions", new
        {
            city = "Porto Alegre", country = "BR", kind = "march", startsAt = DateTimeOffset.UtcNow.AddHours(-1), organisingMovementId = movement,
        }, organiser);
        await page.WaitForFunctionAsync("() => window.heard.first.length > 1", null, new() { Timeout = 10000 });
        await page.EvaluateAsync(@"async ([group, callId]) => {
            const live = await import('/js/live.js');
            const read = await fetch('/api/mobilisations/' + callId);
            const position = Number(read.headers.get('Live-Position'));
            await live.follow(group, update => window.heard.behind.push(update.kind), position - 1);
            await live.follow(group, update => window.heard.level.push(update.kind === 'Resynced' ? -1 : update.position), position);
        }", new object[] { group, callId });
        Assert.Equal(["Resynced"], await Heard(page, "behind"));
        Assert.Empty(await Positions(page));

        await Report(actionId, "r1", 800, organiser);
        await page.WaitForFunctionAsync("() => window.heard.level.length > 0 && window.heard.behind.length > 1", null, new() { Timeout = 10000 });
        Assert.Single(await Heard(page, "behind"), kind => kind == "Resynced");

        // An update lost within one connection: the next one shows the gap (rule 4), and live.js joins again from its last
        // position, so the lost one is applied too, in order.
        var before = (await Positions(page)).Length;
        dropUpdate = true;
        await Report(actionId, "r2", 900, organiser);
        for (var waited = 0; dropped is null && waited < 100; waited++) await Task.Delay(100);
        Assert.NotNull(dropped);
        var lostPosition = long.Parse(Regex.Match(dropped, "\"position\":(\\d+)").Groups[1].Value);
        await Report(actionId, "r3", 1000, organiser);
        await page.WaitForFunctionAsync($"() => window.heard.level.includes({lostPosition}) && window.heard.level.some(p => p > {lostPosition})", null,
            new() { Timeout = 10000 });
        var positions = await Positions(page);
        Assert.True(positions.Length > before + 1);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(positions.Distinct().Count(), positions.Length);
        Assert.DoesNotContain(-1, positions);
    }

    private Task Report(string actionId, string reportId, int turnout, string organiser) =>
        browser.Post($"/api/actions/{actionId}/reports", new
        {
            reportId, reportedAt = DateTimeOffset.UtcNow.AddSeconds(-1), turnout, arrests = 0, injuries = 0, deaths = 0, note = "",
        }, organiser);

    private static Task<long[]> Positions(IPage page) => page.EvaluateAsync<long[]>("() => window.heard.level");

    private static Task<string[]> Heard(IPage page, string follower) =>
        page.EvaluateAsync<string[]>($"() => window.heard.{follower}");
}
