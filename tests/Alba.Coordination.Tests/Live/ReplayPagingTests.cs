using Alba.Coordination.Live;
using Alba.Coordination.Tests.Support;
using Npgsql;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// <c>Join(group, afterPosition)</c> answers at most 500 updates; <c>complete</c> is false while there are more, and joining
/// again from the answer's position gives the rest (docs/live.md, "Client contract").
/// </summary>
[Collection(AppCollection.Name)]
public class a_join_far_behind(AppFixture app)
{
    [Fact]
    public async Task is_answered_in_pages_of_500_and_the_next_join_gives_the_rest()
    {
        // A group of its own (a call nobody made), its log written as the feed writes it: 501 updates, positions 1001–1501.
        var group = $"mobilisation:{Guid.CreateVersion7()}";
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand($"""
                insert into alba.{LiveUpdateLog.TableName} (group_name, position, previous_position, kind, stream_id, version, at, data)
                select $1, 1000 + n, case when n = 1 then 0 else 999 + n end, 'ActionReported', gen_random_uuid(), n, now(), jsonb_build_object('n', n)
                from generate_series(1, 501) n
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
            Assert.Equal(501, await insert.ExecuteNonQueryAsync());
        }
        await using var client = await LiveClient.Connect(app.Host);

        var first = await client.Join(group, 0);
        Assert.Equal(LiveUpdateLog.ReplayLimit, first.Updates.Count);
        Assert.False(first.Complete);
        Assert.Equal(Enumerable.Range(1001, 500).Select(p => (long)p), first.Updates.Select(u => u.Position));
        Assert.Equal(1500, first.Position);

        var rest = await client.Join(group, first.Position);
        Assert.True(rest.Complete);
        Assert.Equal(1501, Assert.Single(rest.Updates).Position);
        Assert.Equal(1500, rest.Updates[0].PreviousPosition);
        Assert.Equal(501, rest.Updates[0].Data.GetProperty("n").GetInt32());
        Assert.Equal(1501, rest.Position);

        // Without a position nothing is replayed: the answer is where the group stands.
        var fresh = await client.Join(group, null);
        Assert.Empty(fresh.Updates);
        Assert.Equal(1501, fresh.Position);
    }
}
