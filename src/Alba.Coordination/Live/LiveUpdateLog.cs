using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Alba.Coordination.Live;

/// <summary>
/// Every update the live feed has pushed, per group, so a client that was away can ask for what it missed
/// (<see cref="LiveHub.Join"/> with a position). Rows are written by the LiveFeed subscription itself, in sequence
/// order and before the push leaves, so the log is exactly what was pushed and is derived from committed events only
/// (rebuilding the subscription from position 0 writes the same rows again). Each row keeps the position of the
/// group's update before it: a client that sees a <c>previousPosition</c> other than the last position it applied
/// knows it missed something, even the first update of a new stream.
/// </summary>
public sealed class LiveUpdateLog(IDocumentStore store, IOptions<JsonHubProtocolOptions> hubJson)
{
    public const string TableName = "live_updates";

    /// <summary>The most updates one <see cref="After"/> answers; a client far behind asks again from the last one.</summary>
    public const int ReplayLimit = 500;

    private static readonly string Table = $"{HostSetup.Schema}.{TableName}";

    public static Table Definition()
    {
        var table = new Table(new PostgresqlObjectName(HostSetup.Schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("group_name").AsPrimaryKey();
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn<long>("previous_position").NotNull();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<Guid>("stream_id").NotNull();
        table.AddColumn<long>("version").NotNull();
        table.AddColumn<DateTimeOffset>("at").NotNull();
        table.AddColumn("data", "jsonb").NotNull();
        return table;
    }

    // One statement for all of an event's groups (it was one per group). The previous position is the group's latest row
    // below this one, so a retried event (the daemon retries a failed page) finds the same previous position and rewrites
    // the same row.
    private static readonly string RecordSql = $"""
        insert into {Table} (group_name, position, previous_position, kind, stream_id, version, at, data)
        select g.name, $2, coalesce((select max(l.position) from {Table} l where l.group_name = g.name and l.position < $2), 0), $3, $4, $5, $6, $7
        from unnest($1::text[]) as g(name)
        on conflict (group_name, position) do update set previous_position = excluded.previous_position
        returning group_name, previous_position
        """;

    /// <summary>Records the updates one committed event becomes, one per group, and answers them with their previous positions.</summary>
    public async Task<IReadOnlyList<LiveUpdate>> Record(IEvent source, object payload, IReadOnlyCollection<string> groups, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(payload, payload.GetType(), hubJson.Value.PayloadSerializerOptions);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(RecordSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. groups] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = source.Sequence });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = LiveUpdate.KindOf(source) });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = source.StreamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = source.Version });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = source.Timestamp });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Jsonb });
        var previous = new Dictionary<string, long>(groups.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                previous[reader.GetString(0)] = reader.GetInt64(1);
        // In the order the handler named the groups: the rows come back in no promised order.
        return [.. groups.Select(group => LiveUpdate.Of(source, group, payload, previous[group]))];
    }

    /// <summary>The group's updates after <paramref name="position"/>, oldest first, at most <see cref="ReplayLimit"/>.</summary>
    public async Task<IReadOnlyList<LiveUpdate>> After(string group, long position, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            select kind, stream_id, version, position, previous_position, at, data::text from {Table}
            where group_name = $1 and position > $2 order by position limit $3
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ReplayLimit });
        var updates = new List<LiveUpdate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            updates.Add(new LiveUpdate(group, reader.GetString(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5), JsonDocument.Parse(reader.GetString(6)).RootElement));
        return updates;
    }

    /// <summary>The position of the group's latest update (0 when it has none): where a client that just joined stands.</summary>
    public async Task<long> Head(string group, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select coalesce(max(position), 0) from {Table} where group_name = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = group });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
