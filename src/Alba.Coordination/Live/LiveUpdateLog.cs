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
/// (<see cref="LiveHub.Join"/> with a position). Rows are written by the <see cref="LiveFeed"/> subscription itself, a
/// page at a time in sequence order and before the page's pushes leave, so the log is exactly what was pushed and is derived from committed events only
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

    // One statement for a whole page of the feed (it was one per event). Each row's previous position is the row before it
    // in the same group within the page, or else the group's latest row below the page, so a page handled again (the
    // daemon retries a failed page) finds the same previous positions and rewrites the same rows.
    private static readonly string RecordSql = $"""
        insert into {Table} (group_name, position, previous_position, kind, stream_id, version, at, data)
        select u.group_name, u.position,
               coalesce(lag(u.position) over (partition by u.group_name order by u.position),
                        (select max(l.position) from {Table} l where l.group_name = u.group_name and l.position < $8), 0),
               u.kind, u.stream_id, u.version, u.at, u.data
        from unnest($1::text[], $2::bigint[], $3::text[], $4::uuid[], $5::bigint[], $6::timestamptz[], $7::jsonb[])
             as u(group_name, position, kind, stream_id, version, at, data)
        on conflict (group_name, position) do update set previous_position = excluded.previous_position
        returning group_name, position, previous_position
        """;

    /// <summary>
    /// Records the updates a page of pushes becomes, one per push and group, and answers them in the order they were pushed
    /// with their previous positions. A push repeated for the same event and group (a handler tried again) is recorded once.
    /// </summary>
    public async Task<IReadOnlyList<LiveUpdate>> Record(IReadOnlyList<LivePage.Push> pushes, CancellationToken cancellationToken)
    {
        var rows = pushes
            .Select(push => (push, data: JsonSerializer.Serialize(push.Payload, push.Payload.GetType(), hubJson.Value.PayloadSerializerOptions)))
            .SelectMany(p => p.push.Groups.Select(group => (Group: group, p.push.Source, p.push.Payload, Data: p.data)))
            .DistinctBy(row => (row.Group, row.Source.Sequence))
            .ToList();
        if (rows.Count == 0) return [];
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(RecordSql, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Group)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Source.Sequence)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => LiveUpdate.KindOf(r.Source))] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. rows.Select(r => r.Source.StreamId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Source.Version)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. rows.Select(r => r.Source.Timestamp)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Data)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rows.Min(r => r.Source.Sequence) });
        var previous = new Dictionary<(string, long), long>(rows.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                previous[(reader.GetString(0), reader.GetInt64(1))] = reader.GetInt64(2);
        // In the order they were pushed: the rows come back in no promised order.
        return [.. rows.Select(r => LiveUpdate.Of(r.Source, r.Group, r.Payload, previous[(r.Group, r.Source.Sequence)]))];
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
