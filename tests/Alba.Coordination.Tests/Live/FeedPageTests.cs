using Alba.Coordination.Infrastructure;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Alba.Coordination.Tests.Operations;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
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
/// A push handler tried again after a database failure (PushRetries) pushes again what its first try pushed. The page keeps
/// one update per event and group, as the log's key does: a page holding the same row twice would fail its one insert on
/// every retry (ON CONFLICT cannot touch a row twice in one statement) and stall the feed.
/// </summary>
public class a_push_handler_tried_again_within_a_page
{
    [Fact]
    public void gathers_each_events_update_to_a_group_once()
    {
        var page = new LivePage();
        var registered = new JasperFx.Events.Event<MovementRegistered>(
            new MovementRegistered(Guid.NewGuid(), "Movimiento", "UY", "r", "s", Guid.Empty, DateTimeOffset.UtcNow)) { Sequence = 41 };
        var next = new JasperFx.Events.Event<MovementRegistered>(registered.Data) { Sequence = 42 };

        page.Add(registered, "first try", ["movements", "movement:1"]);
        page.Add(registered, "second try", ["movements", "movement:1"]);
        page.Add(registered, "a group the first try did not reach", ["movements", "country:UY"]);
        page.Add(next, "the next event", ["movements"]);

        Assert.Equal([(41L, "first try", "movements,movement:1"), (41L, "a group the first try did not reach", "country:UY"), (42L, "the next event", "movements")],
            page.Pushes.Select(push => (push.Source.Sequence, (string)push.Payload, string.Join(",", push.Groups))));
    }
}
