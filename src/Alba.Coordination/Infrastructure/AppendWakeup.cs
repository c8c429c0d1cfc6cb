using JasperFx.Events.Daemon.HighWater;
using Marten.Events.Daemon.HighWater;
using Marten.Services;
using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Wakes the async daemon's high-water agent, and with it the live feed, when events are committed, at most once per minimum
/// interval. Each wake-up costs a cycle: the high-water mark's queries and the feed's page, about 7 connection check-outs.
/// Marten's own wake-up (<c>UseListenNotifyForEventAppends</c>: a <c>pg_notify</c> in every appending transaction) woke the
/// agent for every command, so at one client every command paid a cycle of its own: PostgreSQL's processor time per command was
/// 4.5–5.7 ms, against 2.5–2.9 ms with one wake-up per 25 ms (docs/benchmarks.md, "waking the daemon"). So:
/// <list type="bullet">
/// <item>a commit on this node that appended events wakes this node's agent in memory (<see cref="AfterCommitAsync"/>), no
/// NOTIFY in the command's transaction;</item>
/// <item>when other nodes may share the database, they are told after the commit by a NOTIFY of its own (committed without
/// waiting for the WAL: a lost notification only costs a poll), one for all the commits signalled while the previous one was
/// being sent; this node listens for theirs with Marten's listener, and its own wake it once more, harmlessly;</item>
/// <item>the agent is woken at most once per minimum interval (<see cref="WaitAsync"/>).</item>
/// </list>
/// A wake-up is never lost: one signalled while the agent is busy stays pending and ends its next wait at once. Without any,
/// the agent still polls (<c>FastPollingTime</c>, <c>SlowPollingTime</c>).
/// </summary>
public sealed class AppendWakeup : DocumentSessionListenerBase, IDaemonWakeup
{
    public const string Channel = PostgresqlListenWakeup.DefaultChannel;

    private readonly SemaphoreSlim _appendedHere = new(0, 1);
    private readonly SemaphoreSlim _toTellOthers = new(0, 1);
    private readonly NpgsqlDataSource? _otherNodes;
    private readonly PostgresqlListenWakeup? _othersAppended;
    private readonly ILogger<AppendWakeup> _logger;
    private readonly TimeSpan _minimumInterval;
    private readonly TimeProvider _clock;
    private long? _lastWoken;
    private long _commitsSignalled;

    /// <param name="minimumInterval">The least time between two wake-ups (<see cref="WaitAsync"/>).</param>
    /// <param name="otherNodes">A pool for the notifications between nodes; none on a single node.</param>
    public AppendWakeup(TimeSpan minimumInterval, NpgsqlDataSource? otherNodes, TimeProvider clock, ILogger<AppendWakeup> logger)
    {
        _minimumInterval = minimumInterval;
        _otherNodes = otherNodes;
        _clock = clock;
        _logger = logger;
        if (otherNodes is not null) _othersAppended = new PostgresqlListenWakeup(otherNodes, logger);
    }

    /// <summary>The pool for notifications between nodes: two connections (one listens), commits without waiting for the WAL.</summary>
    public static NpgsqlDataSource OtherNodesPool(string connectionString) =>
        Observability.NamedPool(new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "alba-wakeups", MaxPoolSize = 2, Options = "-c synchronous_commit=off",
        }.ConnectionString, "alba-wakeups");

    /// <summary>How many commits on this node appended events and so signalled the agent, since the node started.</summary>
    public long CommitsSignalled => Interlocked.Read(ref _commitsSignalled);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (!commit.GetStreams().Any()) return Task.CompletedTask;
        Interlocked.Increment(ref _commitsSignalled);
        Appended();
        return Task.CompletedTask;
    }

    public void Appended()
    {
        Signal(_appendedHere);
        if (_otherNodes is not null) Signal(_toTellOthers);
    }

    /// <summary>One pending signal at most: more while it is pending would only wake the agent again for nothing.</summary>
    private static void Signal(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already pending
        }
    }

    /// <summary>
    /// Waits for a commit's signal (or the timeout), then, if the agent was woken less than the minimum interval ago, for the
    /// rest of it: commits arriving meanwhile are then handled in the same cycle, and the agent's cycle (the high-water mark's
    /// queries and the live feed's page, about 7 connection check-outs) is paid per interval rather than per command. A push
    /// therefore waits at most that interval longer, and only while commits come more often than that.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        await WaitForSignal(timeout, token);
        if (_lastWoken is { } last && _clock.GetElapsedTime(last) is var since && since < _minimumInterval)
            await Task.Delay(_minimumInterval - since, _clock, token);
        _lastWoken = _clock.GetTimestamp();
    }

    private async Task WaitForSignal(TimeSpan timeout, CancellationToken token)
    {
        if (_othersAppended is null)
        {
            await _appendedHere.WaitAsync(timeout, token);
            return;
        }
        // Whichever comes first; the other wait is cancelled, which takes no signal.
        using var first = CancellationTokenSource.CreateLinkedTokenSource(token);
        var here = _appendedHere.WaitAsync(timeout, first.Token);
        var elsewhere = _othersAppended.WaitAsync(timeout, first.Token);
        await Task.WhenAny(here, elsewhere);
        await first.CancelAsync();
        try
        {
            await Task.WhenAll(here, elsewhere);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // the wait that lost
        }
    }

    /// <summary>Sends the other nodes one NOTIFY for every commit signalled since the last one, until <paramref name="stopping"/>.</summary>
    public async Task TellOtherNodes(CancellationToken stopping)
    {
        if (_otherNodes is null) return;
        while (!stopping.IsCancellationRequested)
        {
            await _toTellOthers.WaitAsync(stopping);
            try
            {
                await using var notify = _otherNodes.CreateCommand($"select pg_notify('{Channel}', '')");
                await notify.ExecuteNonQueryAsync(stopping);
            }
            catch (NpgsqlException failure)
            {
                // The other nodes poll meanwhile; try again with the next commit, not in a tight loop while the database is down.
                _logger.LogWarning(failure, "Could not tell the other nodes that events were appended");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    public void Dispose()
    {
        _othersAppended?.Dispose();
        _otherNodes?.Dispose();
    }
}

/// <summary>Runs <see cref="AppendWakeup.TellOtherNodes"/> while the host runs.</summary>
public sealed class AppendNotifications(AppendWakeup wakeup) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => wakeup.TellOtherNodes(stoppingToken);
}
