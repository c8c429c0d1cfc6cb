using System.Globalization;
using Npgsql;

namespace Alba.Coordination.Chaos;

/// <summary>
/// Where the live feed runs and when it moved, read from Wolverine's node tables (the app's schema): which node owns the
/// <c>LiveFeed</c> subscription agent, when a dead node was ejected and when the agent started again elsewhere. With
/// <c>Alba:Daemon:Mode=Distributed</c> these are the steps of a failover; in HotCold or Solo there is no such agent.
/// </summary>
public static class Failover
{
    /// <summary>The Wolverine node registered last: right after a node of the run became healthy, that node.</summary>
    public static async Task<Guid?> NewestNode(string database)
    {
        await using var connection = await Open(database);
        await using var command = new NpgsqlCommand("select id from alba.wolverine_nodes order by started desc limit 1", connection);
        return await command.ExecuteScalarAsync() as Guid?;
    }

    /// <summary>The Wolverine node the LiveFeed subscription agent is assigned to, if any.</summary>
    public static async Task<Guid?> LiveFeedOwner(string database)
    {
        await using var connection = await Open(database);
        await using var command = new NpgsqlCommand("select node_id from alba.wolverine_node_assignments where id ilike '%livefeed%' limit 1", connection);
        return await command.ExecuteScalarAsync() as Guid?;
    }

    /// <summary>When, within a minute after <paramref name="since"/>, a node was first ejected and the LiveFeed agent first started (database clock, UTC).</summary>
    public static async Task<(DateTime? Ejected, DateTime? FeedStarted)> StepsAfter(string database, DateTime since)
    {
        await using var connection = await Open(database);
        await using var command = new NpgsqlCommand("""
            select min(timestamp) filter (where event_name = 'DormantNodeEjected'),
                   min(timestamp) filter (where event_name = 'AgentStarted' and description ilike '%livefeed%')
            from alba.wolverine_node_records where timestamp > $1 and timestamp < $1 + interval '1 minute'
            """, connection);
        command.Parameters.AddWithValue(since);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }

    /// <summary>
    /// The failover of the live feed after its node was killed: when the node was ejected, when the feed started on
    /// another node, and when the first update of an event committed after the kill reached a client (live or replayed
    /// on re-join; an update already on its way at the kill says nothing about the failover).
    /// </summary>
    public static async Task<string> Describe(string database, DateTime killedAt, IReadOnlyList<FeedFollower> followers)
    {
        var (ejected, started) = await StepsAfter(database, killedAt);
        var firstApplied = followers.SelectMany(f => f.Applied).Where(a => a.Update.At.UtcDateTime > killedAt).Select(a => (DateTime?)a.At).Min();
        string After(DateTime? moment) => moment is { } at ? string.Create(CultureInfo.InvariantCulture, $"+{(at - killedAt).TotalSeconds:0.0} s") : "never";
        return $"it ran the live feed: node ejected {After(ejected)}, live feed started on another node {After(started)}, " +
            $"first update of an event committed after the kill applied by a client {After(firstApplied)}";
    }

    private static async Task<NpgsqlConnection> Open(string database)
    {
        var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return connection;
    }
}
