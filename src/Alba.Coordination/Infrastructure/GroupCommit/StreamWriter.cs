using System.Collections.Concurrent;
using System.Diagnostics;

namespace Alba.Coordination.Infrastructure.GroupCommit;

/// <summary>
/// One batch of commands on one stream, opened under the stream's row lock: each command is decided in turn against the
/// state the commands before it left, and what it decided is recorded in the batch's session (a refusal records nothing).
/// </summary>
public interface IStreamBatch<in TCommand, TOutcome>
{
    ValueTask<Committed<TOutcome>> DecideAsync(TCommand command, CancellationToken cancellation);
}

/// <summary>How one kind of hot stream opens a batch: lock the stream and read what its decisions need, in one round trip.</summary>
public interface IStreamBatches<TCommand, TOutcome>
{
    /// <summary>A problem naming the stream when it does not exist.</summary>
    ProblemDetails Missing(Guid streamId);

    /// <summary>The batch, or null when the stream does not exist.</summary>
    Task<IStreamBatch<TCommand, TOutcome>?> OpenAsync(IDocumentSession session, Guid streamId, IReadOnlyList<TCommand> commands,
        CancellationToken cancellation);
}

/// <summary>A command's answer from the group commit: its outcome once committed, or a refusal that recorded nothing.</summary>
public sealed record Committed<TOutcome>(TOutcome? Outcome, ProblemDetails? Refusal)
{
    public static Committed<TOutcome> Refused(ProblemDetails refusal) => new(default, refusal);

    public static Committed<TOutcome> With(TOutcome outcome) => new(outcome, null);
}

/// <summary>Thrown to a caller whose command could not join its stream's queue, or waited in it beyond the bound: nothing was recorded.</summary>
public sealed class StreamBusyException(string message) : Exception(message);

/// <summary>
/// Group commit for one kind of hot stream (ballots of a motion, ...). Commands of one stream wait in a bounded in-memory
/// queue; one writer per stream takes everything waiting (up to <see cref="GroupCommitLimits.MaxBatch"/>), opens one
/// session on the writers' pool, locks the stream's row (<c>select … for update</c>, so writers on other nodes still
/// serialise), decides each command in order with the pure <c>Decide</c>, commits once and only then answers every caller.
/// A refused command answers its problem and does not stop the batch; a batch whose commit fails is retried one command at
/// a time, so only the command at fault fails. Nothing is answered before its commit, so a crash loses nothing that was
/// acknowledged: what was waiting is lost unanswered and the caller retries.
/// </summary>
public sealed class StreamWriter<TCommand, TOutcome>(IDocumentStore store, RequestPools pools, GroupCommitLimits limits,
    IStreamBatches<TCommand, TOutcome> batches, ILogger<StreamWriter<TCommand, TOutcome>> logger)
{
    private readonly ConcurrentDictionary<Guid, Lane> _lanes = new();

    /// <summary>How many streams have a lane now (a queue and its writer); a lane is retired once its queue is drained.</summary>
    public int ActiveLanes => _lanes.Count;

    /// <summary>Queues <paramref name="command"/> on its stream and answers once the batch holding it has committed.</summary>
    public async Task<Committed<TOutcome>> SubmitAsync(Guid streamId, TCommand command, CancellationToken cancellation)
    {
        var pending = new Pending(command);
        Lane lane;
        Admission admission;
        bool start;
        // A lane retired between the look-up and the admission takes nothing: the next look-up finds it gone and makes a new one.
        do
        {
            lane = _lanes.GetOrAdd(streamId, id => new Lane(id, limits.QueueLength));
            admission = lane.Admit(pending, out start);
        } while (admission is Admission.Retired);
        if (admission is Admission.Full)
            throw new StreamBusyException($"{limits.QueueLength} commands are already waiting on this record.");
        if (start) StartWriter(lane);
        try
        {
            return await pending.Answer.Task.WaitAsync(limits.Wait, cancellation);
        }
        catch (TimeoutException) when (lane.Abandon(pending))
        {
            throw new StreamBusyException($"The command waited {limits.Wait.TotalSeconds:0} s in this record's queue.");
        }
        catch (TimeoutException)
        {
            // Already in a batch: its commit decides, and a lock or statement timeout bounds it.
            return await pending.Answer.Task;
        }
    }

    /// <summary>Starts the stream's writer outside the request's execution context (it serves many requests).</summary>
    private void StartWriter(Lane lane)
    {
        using (ExecutionContext.SuppressFlow()) _ = Task.Run(() => DrainAsync(lane));
    }

    /// <summary>
    /// Commits batch after batch until the lane has nothing waiting, then retires it (removed from the streams' lanes in the
    /// same lock that admits commands, so a command is either taken by this writer or admitted to a new lane).
    /// </summary>
    private async Task DrainAsync(Lane lane)
    {
        var carried = new List<Pending>();
        while (true)
        {
            var batch = carried;
            batch.AddRange(lane.Take(limits.MaxBatch - batch.Count));
            if (batch.Count == 0)
            {
                if (lane.TryRetire(() => _lanes.TryRemove(new KeyValuePair<Guid, Lane>(lane.StreamId, lane)))) return;
                continue;
            }
            carried = await CommitAsync(lane.StreamId, batch);
        }
    }

    /// <summary>Commits what the batch's time allowed to decide and answers those callers; returns the rest, for the next batch.</summary>
    private async Task<List<Pending>> CommitAsync(Guid streamId, List<Pending> batch)
    {
        try
        {
            var answers = await DecideAndCommitAsync(streamId, batch);
            for (var i = 0; i < answers.Count; i++) batch[i].Answer.TrySetResult(answers[i]);
            return batch[answers.Count..];
        }
        catch (Exception failure) when (batch.Count > 1)
        {
            logger.LogInformation(failure, "A batch of {Count} commands on stream {StreamId} failed to commit; each is retried alone", batch.Count, streamId);
            foreach (var pending in batch) await CommitAsync(streamId, [pending]);
        }
        catch (Exception failure)
        {
            batch[0].Answer.TrySetException(failure);
        }
        return [];
    }

    /// <summary>
    /// Decides commands in order until the batch has held the stream's lock for <see cref="GroupCommitLimits.DecideFor"/> (at
    /// least one), then commits: costly decisions (a secret ballot's proofs) keep the transaction short rather than make it
    /// idle past the server's <c>idle_in_transaction_session_timeout</c>.
    /// </summary>
    private async Task<List<Committed<TOutcome>>> DecideAndCommitAsync(Guid streamId, IReadOnlyList<Pending> batch)
    {
        // A session of its own on the writers' pool: not the request's, which belongs to one caller.
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForConnection(pools.Writes.CreateConnection()));
        var opening = Stopwatch.GetTimestamp();
        var opened = await batches.OpenAsync(session, streamId, batch.Select(p => p.Command).ToList(), CancellationToken.None);
        if (opened is null) return [.. batch.Select(_ => Committed<TOutcome>.Refused(batches.Missing(streamId)))];
        AlbaMetrics.GroupCommitted<TCommand>("open", Stopwatch.GetElapsedTime(opening));
        var locked = Stopwatch.StartNew();
        var answers = new List<Committed<TOutcome>>();
        while (answers.Count < batch.Count && (answers.Count == 0 || locked.Elapsed < limits.DecideFor))
            answers.Add(await opened.DecideAsync(batch[answers.Count].Command, CancellationToken.None));
        AlbaMetrics.GroupCommitted<TCommand>("decide", locked.Elapsed);
        var committing = Stopwatch.GetTimestamp();
        await session.SaveChangesAsync();
        AlbaMetrics.GroupCommitted<TCommand>("commit", Stopwatch.GetElapsedTime(committing));
        AlbaMetrics.GroupCommitBatch<TCommand>(answers.Count);
        return answers;
    }

    private enum Admission { Queued, Full, Retired }

    /// <summary>One stream's waiting commands and whether its writer runs; admission, taking and retiring share one lock.</summary>
    private sealed class Lane(Guid streamId, int length)
    {
        private readonly Queue<Pending> _waiting = new();
        // Abandoned commands stay queued until the writer passes them, so the queue's length is counted apart from them.
        private int _stillWaiting;
        private bool _writing, _retired;

        public Guid StreamId { get; } = streamId;

        /// <summary>Queues the command unless the queue is full or the lane retired; <paramref name="start"/> says the caller starts its writer.</summary>
        public Admission Admit(Pending pending, out bool start)
        {
            lock (_waiting)
            {
                start = false;
                if (_retired) return Admission.Retired;
                if (_stillWaiting >= length) return Admission.Full;
                _waiting.Enqueue(pending);
                _stillWaiting++;
                start = !_writing;
                _writing = true;
                return Admission.Queued;
            }
        }

        /// <summary>Up to <paramref name="most"/> waiting commands whose callers still wait.</summary>
        public List<Pending> Take(int most)
        {
            var taken = new List<Pending>();
            lock (_waiting)
                while (taken.Count < most && _waiting.TryDequeue(out var next))
                    if (next.Take())
                    {
                        taken.Add(next);
                        _stillWaiting--;
                    }
            foreach (var pending in taken) AlbaMetrics.GroupCommitted<TCommand>("queued", Stopwatch.GetElapsedTime(pending.Admitted));
            return taken;
        }

        /// <summary>The caller gives up and frees its place in the queue, unless a batch already holds its command.</summary>
        public bool Abandon(Pending pending)
        {
            lock (_waiting)
            {
                if (!pending.Abandon()) return false;
                _stillWaiting--;
                return true;
            }
        }

        /// <summary>With nothing waiting, the writer stops and the lane is retired (<paramref name="remove"/> runs under the lock).</summary>
        public bool TryRetire(Action remove)
        {
            lock (_waiting)
            {
                if (_waiting.Count > 0) return false;
                _retired = true;
                _writing = false;
                remove();
                return true;
            }
        }
    }

    private sealed class Pending(TCommand command)
    {
        private const int Queued = 0, Taken = 1, Abandoned = 2;
        private int _state;

        public TCommand Command { get; } = command;

        /// <summary>When its caller queued it (a <see cref="Stopwatch"/> timestamp).</summary>
        public long Admitted { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<Committed<TOutcome>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The writer takes it into a batch, unless its caller has given up waiting.</summary>
        public bool Take() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>The caller gives up, unless a batch already holds it.</summary>
        public bool Abandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;
    }
}

/// <summary>Configuration <c>Alba:GroupCommit</c>: how many commands may wait on one stream, for how long, and how many share a commit.</summary>
public sealed record GroupCommitLimits
{
    public int QueueLength { get; init; } = 5_000;
    public int WaitSeconds { get; init; } = 10;
    public int MaxBatch { get; init; } = 200;
    public int DecideForMilliseconds { get; init; } = 1_000;

    public TimeSpan Wait => TimeSpan.FromSeconds(WaitSeconds);

    public TimeSpan DecideFor => TimeSpan.FromMilliseconds(DecideForMilliseconds);
}
