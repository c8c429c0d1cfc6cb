using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Alba.Coordination.Chaos;

/// <summary>A fault of the run, injected once the load has completed <see cref="AtFraction"/> of its commands.</summary>
public abstract record Fault(double AtFraction)
{
    public abstract string Describe();
}

/// <summary>kill -9 of a node; with <see cref="RestartAfter"/> it is started again (same port) after that pause.</summary>
public sealed record KillNode(double AtFraction, int Node, TimeSpan? RestartAfter) : Fault(AtFraction)
{
    public override string Describe() => $"kill -9 node{Node + 1}" + (RestartAfter is { } pause ? $", restarted after {pause.TotalSeconds:0.#} s" : ", left down");
}

/// <summary>A row lock held by raw SQL on the hot assembly's stream for <see cref="Hold"/>: its registrations wait, nothing else may.</summary>
public sealed record HoldStreamLock(double AtFraction, TimeSpan Hold) : Fault(AtFraction)
{
    public override string Describe() => $"row lock on the hot assembly's stream held {Hold.TotalSeconds:0.#} s";
}

/// <summary>PostgreSQL stopped (immediate) and started again after <see cref="Down"/>, by the caller's own commands.</summary>
public sealed record StopDatabase(double AtFraction, TimeSpan Down, Func<Task> Stop, Func<Task> Start) : Fault(AtFraction)
{
    public override string Describe() => $"PostgreSQL immediate stop, {Down.TotalSeconds:0.#} s down";
}

public sealed record ChaosPlan(int Nodes, int Clients, int Commands, int FollowersPerNode, IReadOnlyList<Fault> Faults)
{
    /// <summary>The nodes' <c>Alba:Daemon:Mode</c>: Distributed (Wolverine spreads projections and the live feed) or HotCold.</summary>
    public string DaemonMode { get; init; } = "Distributed";
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>After the load, the clients are waited for while they keep applying updates: until this long passes without a new one.</summary>
    public TimeSpan FeedStallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait for the clients after the load, however steadily a lagging feed still delivers.</summary>
    public TimeSpan FeedCatchUpCap { get; init; } = TimeSpan.FromMinutes(20);
}

/// <summary>When a fault happened, when it ended, and what it cost the clients.</summary>
public sealed record FaultOutcome(string Fault, double AtSeconds, double LastedSeconds, double AcknowledgementsResumedAfterSeconds, double SlowestCommandAcrossSeconds,
    string Note)
{
    /// <summary>For a held lock: the slowest command on other streams that started while it was held.</summary>
    public double? OtherStreamsSlowestSeconds { get; init; }
}

public sealed record ChaosReport(ChaosPlan Plan, StoreAudit Store, IReadOnlyList<FeedAudit> Feeds, IReadOnlyList<FaultOutcome> Faults,
    IReadOnlyList<ViewComparison> Views, double LoadSeconds, double FeedsCaughtUpSeconds, double RebuildSeconds, int Retries,
    IReadOnlyList<Unacknowledged> Unacknowledged)
{
    /// <summary>A fault the run could not show: injected after the load had ended, or a restarted node that never became healthy.</summary>
    public IReadOnlyList<string> FaultFailures { get; init; } = [];

    /// <summary>
    /// Every way the run can fail: a lost or duplicated command, a client missing or twice applying an update, a view unlike
    /// its rebuild, a fault that was not shown.
    /// </summary>
    public IReadOnlyList<string> Failures =>
    [
        .. Store.Faults,
        .. FaultFailures,
        .. Feeds.Where(f => f.Missing > 0).Select(f => $"{f.Client} missed {f.Missing} of {f.Expected} updates"),
        .. Feeds.Where(f => f.AppliedTwice > 0).Select(f => $"{f.Client} applied {f.AppliedTwice} updates twice"),
        .. Views.Where(v => !v.Equal).Select(v => $"{v.Table} differs from its rebuild"),
        .. Unacknowledged.Where(u => u.LastAnswer.Length > 0 && u.LastAnswer[0] == '4').Select(u => $"refused: {u.Name}: {u.LastAnswer}"),
    ];

    public string Print()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"chaos run: {Plan.Nodes} nodes (daemon {Plan.DaemonMode}), {Plan.Clients} clients, {Plan.Commands} commands (movement and delegate registrations, Idempotency-Key, retried on 5xx/errors), {Feeds.Count} live clients");
        text.AppendLine(c, $"load took {LoadSeconds:0.0} s, {Retries} retries");
        text.AppendLine(c, $"commands: acknowledged {Store.Acknowledged}, found {Store.Found}, lost {Store.Lost}, duplicated {Store.Duplicated}, committed but unacknowledged {Store.CommittedUnacknowledged}, unacknowledged {Unacknowledged.Count}");
        foreach (var fault in Faults)
            text.AppendLine(c, $"fault at {fault.AtSeconds:0.0} s: {fault.Fault}; lasted {fault.LastedSeconds:0.0} s; acknowledgements resumed {fault.AcknowledgementsResumedAfterSeconds:0.00} s after it ended; slowest command across it {fault.SlowestCommandAcrossSeconds:0.0} s{(fault.Note.Length > 0 ? "; " + fault.Note : "")}");
        if (Feeds.Any(f => f.Missing > 0))
            text.AppendLine(c, $"live clients NOT caught up: waited {FeedsCaughtUpSeconds:0.0} s after the last acknowledgement, while they kept applying updates");
        else
            text.AppendLine(c, $"live clients caught up {FeedsCaughtUpSeconds:0.0} s after the last acknowledgement");
        foreach (var feed in Feeds)
            text.AppendLine(c, $"  {feed.Client}: committed {feed.Expected}, applied {feed.Applied} (missing {feed.Missing}, applied twice {feed.AppliedTwice}); replayed on re-join {feed.Replayed}, copies skipped {feed.SkippedCopies}, connections {feed.Connections} ({feed.Nodes})");
        var unequal = Views.Count(v => !v.Equal);
        text.AppendLine(c, $"views vs rebuild ({RebuildSeconds:0.0} s): {Views.Count - unequal} of {Views.Count} document tables equal ({Views.Sum(v => v.Rows)} rows){(unequal > 0 ? ": differ " + string.Join(", ", Views.Where(v => !v.Equal).Select(v => v.Table)) : "")}");
        var failures = Failures;
        text.AppendLine(failures.Count == 0 ? "result: PASS (nothing lost, nothing duplicated, every update applied once by every client, views equal to a rebuild)" : $"result: FAIL ({failures.Count})");
        foreach (var failure in failures.Take(20)) text.AppendLine("  " + failure);
        return text.ToString();
    }
}

/// <summary>
/// The run of issue 18 against a cluster on one fresh database: followers on every node, the mixed load, the planned
/// faults while it runs, then the audit (store, feeds) and, with every node stopped, the views against a rebuild.
/// </summary>
public static class ChaosRun
{
    public const string OrganiserEmail = "chaos-organiser@alba.example";
    public const string OrganiserPassword = "chaos-organiser-password-2026";


    public static async Task<ChaosReport> Run(ChaosPlan plan, string appDll, string database, string redis, Action<string>? log = null)
    {
        log ??= _ => { };
        var runId = Guid.NewGuid().ToString("N")[..8];
        var keys = Directory.CreateTempSubdirectory("alba-chaos-keys-");
        try
        {
            var environment = Cluster.Environment(database, redis, keys.FullName, OrganiserEmail, OrganiserPassword);
            environment["Alba__Daemon__Mode"] = plan.DaemonMode;
            return await Run(plan, runId, appDll, database, environment, log);
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    private static async Task<ChaosReport> Run(ChaosPlan plan, string runId, string appDll, string database, Dictionary<string, string> environment,
        Action<string> log)
    {
        await using var cluster = new Cluster(plan.Nodes, appDll, environment);
        await cluster.Start(TimeSpan.FromSeconds(180));
        log($"{plan.Nodes} nodes healthy: {string.Join(", ", cluster.Nodes.Select(n => $"{n.Name} {n.BaseUrl} pid {n.Pid}"))}");

        var tokens = new List<string>();
        for (var client = 0; client < plan.Clients; client++) tokens.Add(await Load.SignIn(cluster.Nodes[client % plan.Nodes], OrganiserEmail, OrganiserPassword));
        var (assembly, movements) = await Load.Prepare(cluster.Nodes[0], tokens[0], runId, plan.Clients);

        using var stopFollowers = new CancellationTokenSource();
        // On every way out, a failure included: the followers' reconnect loops end with the run.
        using var stopFollowersOnExit = new CancelOnExit(stopFollowers);
        var followers = Enumerable.Range(0, plan.Nodes * plan.FollowersPerNode)
            .Select(i => new FeedFollower($"client {i + 1} (first on node{i % plan.Nodes + 1})", cluster.Nodes, i % plan.Nodes, ["movements", $"assembly:{assembly}"]))
            .ToList();
        var following = followers.Select(f => Task.Run(() => f.Run(stopFollowers.Token))).ToList();
        await Task.WhenAll(followers.Select(f => f.Joined)).WaitAsync(TimeSpan.FromSeconds(30));
        log($"{followers.Count} live clients joined");

        var load = new Load(cluster.Nodes, runId, assembly, movements, plan.GiveUpAfter);
        var clock = Stopwatch.StartNew();
        var loadStart = DateTime.UtcNow;
        var running = load.Run(plan.Commands, tokens);
        var outcomes = new List<(Fault Fault, DateTime Start, DateTime End, Injected Injected)>();
        var notInjected = new List<string>();
        foreach (var fault in plan.Faults.OrderBy(f => f.AtFraction))
        {
            while (load.Completed < fault.AtFraction * plan.Commands && !running.IsCompleted) await Task.Delay(20);
            // A fault on an idle cluster shows nothing about the load: the run is too short for its plan.
            if (running.IsCompleted)
            {
                notInjected.Add($"not injected, the load had ended: {fault.Describe()}");
                continue;
            }
            var start = DateTime.UtcNow;
            log($"{clock.Elapsed.TotalSeconds:0.0} s: {fault.Describe()}");
            var injected = await Inject(fault, cluster, database, assembly);
            outcomes.Add((fault, start, DateTime.UtcNow, injected));
        }
        await running;
        var loadSeconds = clock.Elapsed.TotalSeconds;
        log($"load done in {loadSeconds:0.0} s: {load.Acknowledged.Count} acknowledged, {load.Unacknowledged.Count} not");
        // Restarted nodes start while the load goes on (each bounded by its start timeout); the audit waits for them.
        var restarts = new Dictionary<DateTime, Restart>();
        foreach (var (_, start, _, injected) in outcomes)
            if (injected.Restarting is { } restarting) restarts[start] = await restarting;

        var store = await Audit.Store(database, runId, assembly, load.Acknowledged, load.Unacknowledged);
        var caughtUp = await Audit.FeedsCaughtUp(followers, store.FoundStreams, plan.FeedStallTimeout, plan.FeedCatchUpCap);
        // Late or repeated copies would show now.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopFollowers.CancelAsync();
        await Task.WhenAll(following);
        var expectedStreams = store.FoundStreams.ToHashSet();
        var feeds = followers.Select(f => Audit.Feed(f, expectedStreams)).ToList();

        await cluster.DisposeAsync();
        var before = await Audit.ViewChecksums(database);
        var rebuild = await Audit.RebuildProjections(appDll, database);
        var views = Audit.Compare(before, await Audit.ViewChecksums(database));

        var acknowledged = load.Acknowledged.ToList();
        var failovers = new Dictionary<DateTime, string>();
        foreach (var o in outcomes.Where(o => o.Injected.RanTheFeed)) failovers[o.Start] = await Failover.Describe(database, o.Start, followers);
        var faults = outcomes.Select(o =>
        {
            var resumed = acknowledged.Where(a => a.At > o.End).Select(a => (a.At - o.End).TotalSeconds).DefaultIfEmpty(double.NaN).Min();
            var across = acknowledged.Where(a => a.Started <= o.End && a.At >= o.Start).Select(a => (a.At - a.Started).TotalSeconds).DefaultIfEmpty(0).Max();
            var others = acknowledged.Where(a => a.Kind == CommandKind.RegisterMovement && a.Started >= o.Start && a.Started <= o.End)
                .Select(a => (a.At - a.Started).TotalSeconds).Order().ToList();
            var held = o.Fault is HoldStreamLock;
            var note = !held ? string.Join("; ", new[] { o.Injected.Note, restarts.GetValueOrDefault(o.Start)?.Note, failovers.GetValueOrDefault(o.Start) }.Where(n => n is { Length: > 0 }))
                : others.Count == 0 ? "no command on another stream started while it was held"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{others.Count} movement registrations (other streams) started meanwhile: median {others[others.Count / 2] * 1000:0} ms, slowest {others[^1] * 1000:0} ms");
            return new FaultOutcome(o.Fault.Describe(), (o.Start - loadStart).TotalSeconds, (o.End - o.Start).TotalSeconds, resumed, across, note)
            {
                OtherStreamsSlowestSeconds = held && others.Count > 0 ? others[^1] : null,
            };
        }).ToList();
        return new ChaosReport(plan, store, feeds, faults, views, loadSeconds, caughtUp.TotalSeconds, rebuild.TotalSeconds, load.Retries,
            [.. load.Unacknowledged])
        {
            FaultFailures = [.. notInjected, .. restarts.Values.Where(r => !r.Healthy).Select(r => r.Note)],
        };
    }

    private sealed class CancelOnExit(CancellationTokenSource source) : IDisposable
    {
        public void Dispose() => source.Cancel();
    }

    /// <summary>What injecting a fault left to report: a note, whether it killed the node running the live feed, the node's restart.</summary>
    private sealed record Injected(string Note, bool RanTheFeed = false, Task<Restart>? Restarting = null);

    private sealed record Restart(bool Healthy, string Note);

    /// <summary>
    /// Injects the fault. A killed node's restart goes on in the background once the pause is over: on a loaded machine a
    /// start takes tens of seconds, and waiting for it here would let the load end before the next fault.
    /// </summary>
    private static async Task<Injected> Inject(Fault fault, Cluster cluster, string database, Guid assembly)
    {
        switch (fault)
        {
            case KillNode kill:
                var node = cluster.Nodes[kill.Node];
                var pid = node.Pid;
                var ranTheFeed = node.WolverineNodeId is { } id && await Failover.LiveFeedOwner(database) == id;
                await node.Kill();
                if (kill.RestartAfter is not { } pause) return new Injected($"pid {pid} killed", ranTheFeed);
                await Task.Delay(pause);
                return new Injected($"pid {pid} killed", ranTheFeed, Restarted(node));
            case HoldStreamLock hold:
                await using (var connection = new NpgsqlConnection(database))
                {
                    await connection.OpenAsync();
                    await using var transaction = await connection.BeginTransactionAsync();
                    await using var command = new NpgsqlCommand("select 1 from alba.mt_streams where id = $1 for update", connection, transaction);
                    command.Parameters.AddWithValue(assembly);
                    await command.ExecuteNonQueryAsync();
                    await Task.Delay(hold.Hold);
                    await transaction.RollbackAsync();
                }
                return new Injected("");
            case StopDatabase stop:
                await stop.Stop();
                await Task.Delay(stop.Down);
                await stop.Start();
                NpgsqlConnection.ClearAllPools();
                return new Injected("");
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown fault.");
        }
    }

    private static async Task<Restart> Restarted(Node node)
    {
        try
        {
            var healthy = await node.Start(TimeSpan.FromSeconds(180));
            return new Restart(true, $"restarted as pid {node.Pid}, healthy in {healthy.TotalSeconds:0.0} s");
        }
        catch (Exception failure) when (failure is TimeoutException or InvalidOperationException)
        {
            return new Restart(false, $"{node.Name} restarted: {failure.Message}");
        }
    }
}
