using System.Diagnostics;
using Npgsql;

namespace Alba.Coordination.Chaos;

/// <summary>What the event store holds for the run's commands, against what the app acknowledged.</summary>
public sealed record StoreAudit(int Acknowledged, int Found, int Lost, int Duplicated, int CommittedUnacknowledged, IReadOnlyList<string> Faults)
{
    public IReadOnlyList<Guid> FoundStreams { get; init; } = [];
}

/// <summary>What one live client applied, against the updates the run's commits should have pushed to it.</summary>
public sealed record FeedAudit(string Client, int Expected, int Applied, int Missing, int AppliedTwice, int SkippedCopies, int Replayed, int Connections,
    string Nodes);

public sealed record ViewComparison(string Table, long Rows, bool Equal);

public static class Audit
{
    /// <summary>
    /// Every acknowledged command must be in the events exactly once: a movement by its unique name (a retry that was not
    /// recognised as one would register it twice), a delegate by its id on the hot assembly. A commit nobody acknowledged
    /// (the client gave up) is reported, not a fault.
    /// </summary>
    public static async Task<StoreAudit> Store(string database, string runId, Guid hotAssembly, IReadOnlyCollection<Acknowledged> acknowledged,
        IReadOnlyCollection<Unacknowledged> unacknowledged)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var movements = new Dictionary<string, List<Guid>>();
        await using (var command = new NpgsqlCommand(
            "select data->>'Name', stream_id from alba.mt_events where type = 'movement_registered' and data->>'Name' like $1", connection))
        {
            command.Parameters.AddWithValue($"chaos-{runId}-%");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                if (!movements.TryGetValue(name, out var streams)) movements[name] = streams = [];
                streams.Add(reader.GetGuid(1));
            }
        }
        var delegates = new List<Guid>();
        await using (var command = new NpgsqlCommand(
            "select stream_id from alba.mt_events where type = 'delegate_registered' and data->>'AssemblyId' = $1", connection))
        {
            command.Parameters.AddWithValue(hotAssembly.ToString());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) delegates.Add(reader.GetGuid(0));
        }

        var faults = new List<string>();
        var issuedMovements = acknowledged.Where(a => a.Kind == CommandKind.RegisterMovement).Select(a => a.Name)
            .Concat(unacknowledged.Where(u => u.Kind == CommandKind.RegisterMovement).Select(u => u.Name)).ToHashSet();
        var delegateSet = delegates.ToHashSet();
        var lost = 0;
        foreach (var ack in acknowledged)
        {
            var present = ack.Kind == CommandKind.RegisterMovement
                ? movements.TryGetValue(ack.Name, out var streams) && streams.Contains(ack.StreamId)
                : delegateSet.Contains(ack.StreamId);
            if (present) continue;
            lost++;
            faults.Add($"lost: {ack.Kind} {ack.Name} ({ack.StreamId}) was acknowledged and is not in the events");
        }
        var duplicated = movements.Where(m => issuedMovements.Contains(m.Key) && m.Value.Count > 1).ToList();
        faults.AddRange(duplicated.Select(d => $"duplicated: {d.Key} is registered {d.Value.Count} times"));
        var duplicatedDelegates = delegates.Count - delegateSet.Count;
        if (duplicatedDelegates > 0) faults.Add($"duplicated: {duplicatedDelegates} delegate registration events repeat a stream");
        var acknowledgedIds = acknowledged.Select(a => a.StreamId).ToHashSet();
        var foundStreams = movements.Where(m => issuedMovements.Contains(m.Key)).SelectMany(m => m.Value).Concat(delegateSet).ToList();
        return new StoreAudit(acknowledged.Count, foundStreams.Count, lost, duplicated.Count + duplicatedDelegates,
            foundStreams.Count(s => !acknowledgedIds.Contains(s)), faults) { FoundStreams = foundStreams };
    }

    /// <summary>
    /// Each client must have applied one update for every stream the run created (a movement in <c>movements</c>, a
    /// registration in the hot assembly's group), none twice.
    /// </summary>
    public static FeedAudit Feed(FeedFollower follower, IReadOnlySet<Guid> expectedStreams)
    {
        var created = follower.Applied.Select(a => a.Update).Where(u => u.Kind is "MovementRegistered" or "DelegateRegistered").ToList();
        var applied = created.Select(u => u.StreamId).Where(expectedStreams.Contains).ToList();
        var twice = applied.Count - applied.Distinct().Count();
        return new FeedAudit(follower.Name, expectedStreams.Count, applied.Distinct().Count(), expectedStreams.Except(applied).Count(), twice,
            follower.SkippedCopies, follower.Replayed, follower.Connections, string.Join("→", follower.NodesUsed));
    }

    /// <summary>
    /// Waits until every follower has applied an update for each expected stream, for as long as they keep applying: a
    /// feed that lags behind a heavy load still delivers and is waited for (up to <paramref name="cap"/>), one that applied
    /// nothing new for <paramref name="stall"/> has stopped.
    /// </summary>
    public static async Task<TimeSpan> FeedsCaughtUp(IReadOnlyList<FeedFollower> followers, IReadOnlyCollection<Guid> expectedStreams, TimeSpan stall,
        TimeSpan cap)
    {
        var expected = expectedStreams.ToHashSet();
        var clock = Stopwatch.StartNew();
        var applied = 0;
        var lastNew = clock.Elapsed;
        while (clock.Elapsed < cap && clock.Elapsed - lastNew < stall && followers.Any(f => Feed(f, expected).Missing > 0))
        {
            var now = followers.Sum(f => f.Applied.Count);
            if (now > applied) (applied, lastNew) = (now, clock.Elapsed);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return clock.Elapsed;
    }

    /// <summary>A checksum of every document table (id and JSON body, in id order): the views and the write models.</summary>
    public static async Task<Dictionary<string, (long Rows, string Checksum)>> ViewChecksums(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'alba' and table_name like 'mt_doc_%' order by 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sums = new Dictionary<string, (long, string)>();
        foreach (var table in tables)
        {
            await using var sum = new NpgsqlCommand(
                $"select count(*), coalesce(md5(string_agg(id::text || '=' || data::text, ',' order by id::text)), '') from alba.{table}", connection);
            await using var reader = await sum.ExecuteReaderAsync();
            await reader.ReadAsync();
            sums[table] = (reader.GetInt64(0), reader.GetString(1));
        }
        return sums;
    }

    public static IReadOnlyList<ViewComparison> Compare(Dictionary<string, (long Rows, string Checksum)> before, Dictionary<string, (long Rows, string Checksum)> after) =>
        [.. before.Keys.Union(after.Keys).Order().Select(table =>
            before.TryGetValue(table, out var b) && after.TryGetValue(table, out var a)
                ? new ViewComparison(table, a.Rows, a == b)
                : new ViewComparison(table, 0, false))];

    /// <summary>Runs the app's <c>projections rebuild</c> verb against the database (every node stopped) and answers its duration.</summary>
    public static async Task<TimeSpan> RebuildProjections(string appDll, string database)
    {
        var start = new ProcessStartInfo("dotnet", [appDll, "projections", "rebuild"])
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ALBA_DB"] = database;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"projections rebuild failed ({process.ExitCode}): {await output}{await error}");
        return clock.Elapsed;
    }
}
