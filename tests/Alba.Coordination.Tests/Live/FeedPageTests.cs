using Alba.Coordination.Infrastructure;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Alba.Coordination.Tests.Operations;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// The live feed records a page of events in one statement (<see cref="LiveUpdateLog.Record"/>): each row's previous
/// position must still be the group's update just before it, whether that update is in the same page or an earlier one.
/// Five movements committed in one transaction reach the feed in one page, all in the <c>movements</c> group.
/// </summary>
[Collection(AppCollection.Name)]
public class events_recorded_by_the_feed_in_one_page(AppFixture app)
{
    [Fact]
    public async Task chain_each_update_to_the_one_before_it_in_their_group()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var movements = Enumerable.Range(0, 5).Select(_ => Guid.CreateVersion7()).ToList();
        await using (var session = store.LightweightSession())
        {
            foreach (var id in movements)
                session.Events.StartStream<MovementState>(id,
                    new MovementRegistered(id, Scenarios.Unique("En página"), "UY", "r", "s", Guid.Empty, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        await when_the_live_feed_lags.Until(async () => (await Log()).Count(row => movements.Contains(row.Stream)) == movements.Count,
            "the five movements pushed", seconds: 30);

        var log = await Log();
        var ours = log.Where(row => movements.Contains(row.Stream)).ToList();
        Assert.Equal(movements, ours.Select(row => row.Stream));
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => i == 0 ? 0 : log[i - 1].Position), log.Select(row => row.Previous));
    }

    /// <summary>The whole <c>movements</c> group's log, in position order.</summary>
    private async Task<List<(Guid Stream, long Position, long Previous)>> Log()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            $"select stream_id, position, previous_position from {HostSetup.Schema}.{LiveUpdateLog.TableName} where group_name = @group order by position",
            connection);
        read.Parameters.AddWithValue("group", LiveGroups.Movements);
        var rows = new List<(Guid, long, long)>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2)));
        return rows;
    }
}

/// <summary>
/// A push handler tried again after a database failure (a partner offer's read, after the push was gathered) must leave in
/// the page only what its successful try pushed: the log holds one update per event and group, and a page holding the same
/// row twice would fail its one insert on every retry and stall the feed. A handler that fails for good leaves nothing.
/// </summary>
public class a_push_handler_tried_again_within_a_page
{
    private static readonly JasperFx.Events.Event<MovementRegistered> Registered = new(
        new MovementRegistered(Guid.NewGuid(), "Movimiento", "UY", "r", "s", Guid.Empty, DateTimeOffset.UtcNow)) { Sequence = 41 };

    private static readonly JasperFx.Events.Event<MovementRegistered> Next = new(Registered.Data) { Sequence = 42 };

    [Fact]
    public async Task keeps_only_what_the_try_that_succeeded_pushed()
    {
        var page = new LivePage();
        var tries = 0;
        await page.Handle(Registered, () =>
        {
            tries++;
            page.Add(Registered, $"try {tries}", ["movements", "movement:1"]);
            if (tries == 1) page.Add(Registered, "a group only the failed try reached", ["country:UY"]);
            if (tries < 3) throw new NpgsqlException("the database went away");
            return Task.CompletedTask;
        }, NullLogger.Instance, CancellationToken.None);
        await page.Handle(Next, () =>
        {
            page.Add(Next, "the next event", ["movements"]);
            return Task.CompletedTask;
        }, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(3, tries);
        Assert.Equal([(41L, "try 3", "movements,movement:1"), (42L, "the next event", "movements")],
            page.Pushes.Select(push => (push.Source.Sequence, (string)push.Payload, string.Join(",", push.Groups))));
        Assert.Equal(42L, page.LastHandled);
    }

    [Fact]
    public async Task leaves_nothing_of_a_handler_that_fails_for_good_and_refuses_a_second_push_to_one_group()
    {
        var page = new LivePage();
        await Assert.ThrowsAsync<InvalidOperationException>(() => page.Handle(Registered, () =>
        {
            page.Add(Registered, "pushed", ["movements"]);
            page.Add(Registered, "pushed again to the same group", ["movement:1", "movements"]);
            return Task.CompletedTask;
        }, NullLogger.Instance, CancellationToken.None));

        Assert.Empty(page.Pushes);
        Assert.Null(page.LastHandled);
    }
}
