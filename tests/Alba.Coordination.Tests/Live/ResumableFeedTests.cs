using System.Text.Json.Nodes;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Live;

[Collection(AppCollection.Name)]
public class when_a_client_was_disconnected_across_commits(AppFixture app)
{
    private const int Missed = 20;

    [Fact]
    public async Task it_applies_exactly_the_updates_committed_meanwhile_once_each_in_order()
    {
        var (mobilisation, action, rep) = await AnActionToReport();
        var group = $"mobilisation:{mobilisation}";
        await using var follower = new ResumableFollower(app.Host, group);
        await follower.Connect();
        await Report(action, rep, "before");
        var before = await follower.WaitFor(u => ReportId(u) == "before", TimeSpan.FromSeconds(10));
        var appliedBefore = follower.Applied.Count;

        await follower.Disconnect();
        for (var i = 0; i < Missed; i++) await Report(action, rep, $"meanwhile-{i}");
        // Reconnect at once: some of the 20 are still on their way through the feed, so the seam is crossed.
        await follower.Connect();

        await follower.WaitForApplied(appliedBefore + Missed, TimeSpan.FromSeconds(15));
        await Task.Delay(500); // anything sent twice would have arrived by now
        var committed = await PositionsOfReports(action, after: before.Position);
        Assert.Equal(Missed, committed.Count);
        var meanwhile = follower.Applied.Skip(appliedBefore).ToList();
        Assert.Equal(committed, meanwhile.Select(u => u.Position));
        Assert.Equal(Enumerable.Range(0, Missed).Select(i => $"meanwhile-{i}"), meanwhile.Select(ReportId));
    }

    private static string? ReportId(ReceivedUpdate update) =>
        update.Data.TryGetProperty("reportId", out var id) ? id.GetString() : null;

    [Fact]
    public async Task every_update_names_the_groups_previous_update_so_a_lost_first_one_is_detectable()
    {
        var (mobilisation, action, rep) = await AnActionToReport();
        await using var client = await LiveClient.Connect(app.Host);
        var joined = await client.Join($"mobilisation:{mobilisation}", null);
        Assert.Empty(joined.Updates);

        await Report(action, rep, "first");
        await Report(action, rep, "second");
        await client.WaitFor(u => ReportId(u) == "second");
        // The action's registration may have been pushed before or after the join: the chain starts at the join.
        var received = client.Received.Where(u => u.Position > joined.Position).ToList();
        Assert.Equal(["first", "second"], received.Where(u => u.Kind == "ActionReported").Select(ReportId));
        Assert.Equal(joined.Position, received[0].PreviousPosition);
        for (var i = 1; i < received.Count; i++) Assert.Equal(received[i - 1].Position, received[i].PreviousPosition);

        // A client that missed the first sees a previous position it never applied, and the log answers it.
        var replay = await client.Join($"mobilisation:{mobilisation}", joined.Position);
        Assert.Equal(received.Select(u => u.Position), replay.Updates.Select(u => u.Position));
        Assert.All(received.Zip(replay.Updates), pair => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pair.First.Data.GetRawText()),
            JsonNode.Parse(pair.Second.Data.GetRawText())), $"{pair.First.Data} was replayed as {pair.Second.Data}"));
        Assert.True(replay.Complete);
        Assert.Equal(received[^1].Position, replay.Position);
    }

    private async Task<(Guid Mobilisation, Guid Action, Caller Rep)> AnActionToReport()
    {
        var movement = await app.Host.AMovementWithRep();
        var mobilisation = await app.Host.ACall(movement.Id);
        var action = await app.Host.AnAction(mobilisation, movement);
        return (mobilisation, action, movement.Rep);
    }

    private async Task Report(Guid action, Caller rep, string reportId)
    {
        var answer = await app.Host.Report(action, rep, reportId, DateTimeOffset.UtcNow.AddMinutes(-1), new Figures(100, 0, 0, 0));
        Assert.True(answer.Status is 200 or 201, answer.Body?.ToJsonString());
    }

    private async Task<List<long>> PositionsOfReports(Guid action, long after)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(action);
        return events.Where(e => e.Data is ActionReported && e.Sequence > after).Select(e => e.Sequence).ToList();
    }
}
