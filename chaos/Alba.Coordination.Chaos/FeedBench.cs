using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Alba.Coordination.Chaos;

/// <summary>
/// The live feed's cost per event, apart from faults (scripts/chaos.sh bench): one node, live clients following the
/// groups the load writes to, <c>commands</c> registrations at <c>clients</c> clients as fast as the node takes them, then
/// the feed left alone to drain what it has not handled. It prints the commands' and the feed's rates during the load,
/// the feed's rate on its backlog afterwards, and the database statements per event (pg_stat_statements, reset at the
/// start of the load), so a change to the feed can be judged by its figures.
/// </summary>
public static class FeedBench
{
    private const string LiveFeed = "LiveFeed:All";

    public static async Task<string> Run(string appDll, string database, string redis, int commands, int clients, Action<string> log)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var keys = Directory.CreateTempSubdirectory("alba-bench-keys-");
        try
        {
            var environment = Cluster.Environment(database, redis, keys.FullName, ChaosRun.OrganiserEmail, ChaosRun.OrganiserPassword);
            await using var cluster = new Cluster(1, appDll, environment);
            await cluster.Start(TimeSpan.FromSeconds(180));
            var node = cluster.Nodes[0];
            var tokens = new List<string>();
            for (var client = 0; client < clients; client++) tokens.Add(await Load.SignIn(node, ChaosRun.OrganiserEmail, ChaosRun.OrganiserPassword));
            var (assembly, movements) = await Load.Prepare(node, tokens[0], runId, clients);
            using var stop = new CancellationTokenSource();
            var followers = Enumerable.Range(0, 2)
                .Select(i => new FeedFollower($"client {i + 1}", cluster.Nodes, 0, ["movements", $"assembly:{assembly}"])).ToList();
            var following = followers.Select(f => Task.Run(() => f.Run(stop.Token))).ToList();
            await Task.WhenAll(followers.Select(f => f.Joined)).WaitAsync(TimeSpan.FromSeconds(30));
            await WaitForDrain(database, TimeSpan.FromSeconds(60));

            await Execute(database, "select pg_stat_statements_reset()");
            var (startEvents, startFed) = await Progress(database);
            var load = new Load(cluster.Nodes, runId, assembly, movements, TimeSpan.FromSeconds(90));
            var clock = Stopwatch.StartNew();
            await load.Run(commands, tokens);
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var (loadEvents, loadFed) = await Progress(database);
            log($"load done in {loadSeconds:0.0} s: {loadEvents - startEvents} events committed, {loadFed - startFed} handled by the feed");
            clock.Restart();
            var drained = await WaitForDrain(database, TimeSpan.FromMinutes(20));
            var drainSeconds = clock.Elapsed.TotalSeconds;
            var (endEvents, endFed) = await Progress(database);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await Task.WhenAll(following);

            var statements = await Statements(database);

            // The feed's capacity on a backlog, with nothing else running: the node stopped, the feed's progress set back to
            // before the load, the node started again; it handles the same events again (the log's rows are rewritten as
            // they were) and is timed from its first step to the end.
            await node.Kill();
            await Execute(database, $"update alba.mt_event_progression set last_seq_id = {startFed} where name = '{LiveFeed}'");
            await node.Start(TimeSpan.FromSeconds(180));
            var replay = await TimeReplay(database, startFed, endEvents, TimeSpan.FromMinutes(20));

            var events = endEvents - startEvents;
            var c = CultureInfo.InvariantCulture;
            var text = new StringBuilder();
            text.AppendLine(c, $"feed bench: 1 node, {clients} clients, {load.Acknowledged.Count} of {commands} commands acknowledged, {events} events, {followers.Count} live clients");
            text.AppendLine(c, $"load: {loadSeconds:0.0} s, {load.Acknowledged.Count / loadSeconds:0.0} commands/s, {(loadEvents - startEvents) / loadSeconds:0.0} events/s committed, feed {(loadFed - startFed) / loadSeconds:0.0} events/s alongside");
            text.AppendLine(drained
                ? string.Create(c, $"backlog after the load: {endFed - loadFed} events drained in {drainSeconds:0.0} s ({(endFed - loadFed) / Math.Max(drainSeconds, 0.001):0.0} events/s)")
                : string.Create(c, $"backlog NOT drained in {drainSeconds:0.0} s: {endEvents - endFed} events left"));
            text.AppendLine(c, $"feed overall: {events} events in {loadSeconds + drainSeconds:0.0} s ({events / (loadSeconds + drainSeconds):0.0} events/s); commands {load.Acknowledged.Count / loadSeconds:0.0}/s → ratio feed/commit {(events / (loadSeconds + drainSeconds)) / ((loadEvents - startEvents) / loadSeconds):0.00}");
            text.AppendLine(replay is var (replayed, took)
                ? string.Create(c, $"replay of the same events by the feed alone (node restarted, progress set back, first page not timed): {replayed} events in {took.TotalSeconds:0.0} s, {replayed / took.TotalSeconds:0.0} events/s → capacity/commit rate {(replayed / took.TotalSeconds) / ((loadEvents - startEvents) / loadSeconds):0.00}")
                : "replay by the feed alone not measured: it did not finish within 20 min, or in a single page");
            foreach (var follower in followers)
                text.AppendLine(c, $"  {follower.Name}: applied {follower.Applied.Count} updates, copies skipped {follower.SkippedCopies}");
            text.AppendLine("statements per event during the load and its drain (pg_stat_statements, top by calls):");
            foreach (var (calls, milliseconds, query) in statements)
                text.AppendLine(c, $"  {(double)calls / Math.Max(events, 1),7:0.00}/event {milliseconds / Math.Max(calls, 1),7:0.000} ms  {query}");
            return text.ToString();
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    /// <summary>The newest event's sequence and the feed's progress.</summary>
    private static async Task<(long Events, long Fed)> Progress(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select coalesce((select max(seq_id) from alba.mt_events), 0),
                   coalesce((select last_seq_id from alba.mt_event_progression where name = '{LiveFeed}'), 0)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// The events the feed handled after its first step past <paramref name="from"/> (its first page is not timed) until it
    /// reached <paramref name="to"/>, and how long that took.
    /// </summary>
    private static async Task<(long Events, TimeSpan Took)?> TimeReplay(string database, long from, long to, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        (long Fed, Stopwatch Clock)? first = null;
        while (clock.Elapsed < cap)
        {
            var (_, fed) = await Progress(database);
            if (fed > from) first ??= (fed, Stopwatch.StartNew());
            if (fed >= to) return first!.Value.Fed < to ? (to - first.Value.Fed, first.Value.Clock.Elapsed) : null;
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
        return null;
    }

    private static async Task<bool> WaitForDrain(string database, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < cap)
        {
            var (events, fed) = await Progress(database);
            if (fed >= events) return true;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return false;
    }

    private static async Task<List<(long Calls, double Milliseconds, string Query)>> Statements(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select calls, total_exec_time, regexp_replace(left(query, 150), '\s+', ' ', 'g') from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) order by calls desc limit 25
            """, connection);
        var rows = new List<(long, double, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetString(2)));
        return rows;
    }

    private static async Task Execute(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
