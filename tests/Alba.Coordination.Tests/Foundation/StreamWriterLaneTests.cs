using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.GroupCommit;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// A stream's lane (its queue and writer) lives only while commands wait on it: once drained it is retired, so a process
/// that has written to many streams keeps no queue per stream. A command that arrives while its lane is being retired is
/// queued on a new lane and answered. The batches here count in memory and record nothing, so only the writer is tested.
/// </summary>
[Collection(AppCollection.Name)]
public class when_a_stream_writer_has_drained(AppFixture app)
{
    /// <summary>Answers each command with how many commands of its stream were decided before it, this one included.</summary>
    private sealed class CountingBatches : IStreamBatches<int, int>
    {
        private readonly Dictionary<Guid, int> _decided = [];

        public ProblemDetails Missing(Guid streamId) => new() { Status = 404 };

        public Task<IStreamBatch<int, int>?> OpenAsync(IDocumentSession session, Guid streamId, IReadOnlyList<int> commands,
            CancellationToken cancellation) => Task.FromResult<IStreamBatch<int, int>?>(new Batch(this, streamId));

        private sealed class Batch(CountingBatches counts, Guid streamId) : IStreamBatch<int, int>
        {
            public ValueTask<Committed<int>> DecideAsync(int command, CancellationToken cancellation)
            {
                // One writer per stream at a time: no lock needed for one stream's count, but streams share the dictionary.
                lock (counts._decided)
                {
                    var decided = counts._decided.GetValueOrDefault(streamId) + 1;
                    counts._decided[streamId] = decided;
                    return ValueTask.FromResult(Committed<int>.With(decided));
                }
            }
        }
    }

    /// <summary>Opens batches like <paramref name="inner"/>, but its first batch opens only once <see cref="Release"/> is called.</summary>
    private sealed class HeldFirstBatch(IStreamBatches<int, int> inner) : IStreamBatches<int, int>
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _opened;

        public TaskCompletionSource FirstOpened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public ProblemDetails Missing(Guid streamId) => inner.Missing(streamId);

        public async Task<IStreamBatch<int, int>?> OpenAsync(IDocumentSession session, Guid streamId, IReadOnlyList<int> commands,
            CancellationToken cancellation)
        {
            if (Interlocked.Increment(ref _opened) == 1)
            {
                FirstOpened.TrySetResult();
                await _released.Task;
            }
            return await inner.OpenAsync(session, streamId, commands, cancellation);
        }
    }

    /// <summary>A table of this test's own, outside the app's schema: one row per recorded command of a run.</summary>
    private const string Recorded = "public.stream_writer_test_commands";

    /// <summary>
    /// Records each command as a row of <see cref="Recorded"/> in the batch's transaction; a negative command inserts the
    /// run's row 0 again, which the table's key refuses, so the commit holding it fails.
    /// </summary>
    private sealed class RecordingBatches(Guid run) : IStreamBatches<int, int>
    {
        public ProblemDetails Missing(Guid streamId) => new() { Status = 404 };

        public Task<IStreamBatch<int, int>?> OpenAsync(IDocumentSession session, Guid streamId, IReadOnlyList<int> commands,
            CancellationToken cancellation) => Task.FromResult<IStreamBatch<int, int>?>(new Batch(session, run));

        private sealed class Batch(IDocumentSession session, Guid run) : IStreamBatch<int, int>
        {
            public ValueTask<Committed<int>> DecideAsync(int command, CancellationToken cancellation)
            {
                session.QueueSqlCommand($"insert into {Recorded} (run, command) values (?, ?)", run, Math.Max(command, 0));
                return ValueTask.FromResult(Committed<int>.With(command));
            }
        }
    }

    private StreamWriter<int, int> Writer(IStreamBatches<int, int>? batches = null, GroupCommitLimits? limits = null) =>
        new(app.Host.Services.GetRequiredService<IDocumentStore>(), app.Host.Services.GetRequiredService<RequestPools>(),
            limits ?? new GroupCommitLimits(), batches ?? new CountingBatches(), NullLogger<StreamWriter<int, int>>.Instance);

    private static async Task NoLanesLeft(StreamWriter<int, int> writer)
    {
        for (var waited = 0; writer.ActiveLanes > 0 && waited < 100; waited++) await Task.Delay(50);
        Assert.Equal(0, writer.ActiveLanes);
    }

    [Fact]
    public async Task it_keeps_no_lane_for_the_streams_it_wrote()
    {
        var writer = Writer();
        var streams = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();

        var answers = await Task.WhenAll(streams.SelectMany(stream => Enumerable.Range(0, 4).Select(i => writer.SubmitAsync(stream, i, default))));

        Assert.All(answers, a => Assert.Null(a.Refusal));
        Assert.Equal(streams.Count * 4, answers.Length);
        await NoLanesLeft(writer);
    }

    /// <summary>
    /// Each command is sent the moment the one before it is answered, when its writer is about to find the queue empty and
    /// retire the lane: every one is answered, in order, with nothing lost or counted twice.
    /// </summary>
    [Fact]
    public async Task a_command_racing_the_lanes_retirement_is_still_served()
    {
        var writer = Writer();
        var stream = Guid.NewGuid();
        const int commands = 1_000;

        var racers = Enumerable.Range(0, 4).Select(async _ =>
        {
            var counts = new List<int>();
            for (var i = 0; i < commands / 4; i++) counts.Add((await writer.SubmitAsync(stream, i, default)).Outcome);
            return counts;
        });
        var answered = (await Task.WhenAll(racers)).SelectMany(c => c).ToList();

        Assert.Equal(Enumerable.Range(1, commands), answered.Order());
        await NoLanesLeft(writer);
    }

    /// <summary>
    /// Waiting is bounded (Alba:GroupCommit): while a batch holds the stream, a command beyond the queue's length is refused
    /// at once and one that waited its seconds in the queue gives up (both answer 503 with Retry-After, ErrorHandling);
    /// neither is decided later nor keeps its place in the queue, and the command already in the batch is answered once the
    /// batch commits.
    /// </summary>
    [Fact]
    public async Task a_command_beyond_the_queues_length_or_its_wait_is_refused_and_never_decided()
    {
        var batches = new HeldFirstBatch(new CountingBatches());
        var writer = Writer(batches, new GroupCommitLimits { QueueLength = 2, WaitSeconds = 1 });
        var stream = Guid.NewGuid();

        var inBatch = writer.SubmitAsync(stream, 0, default);
        await batches.FirstOpened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var queued = new[] { writer.SubmitAsync(stream, 1, default), writer.SubmitAsync(stream, 2, default) };
        var full = await Assert.ThrowsAsync<StreamBusyException>(() => writer.SubmitAsync(stream, 3, default));
        Assert.Equal("2 commands are already waiting on this record.", full.Message);
        foreach (var waited in queued)
            Assert.Equal("The command waited 1 s in this record's queue.", (await Assert.ThrowsAsync<StreamBusyException>(() => waited)).Message);

        // The abandoned commands gave their places back: a new one is queued while the batch still holds the stream.
        var next = writer.SubmitAsync(stream, 4, default);
        batches.Release();
        Assert.Equal(1, (await inBatch).Outcome);
        // The refused and the abandoned commands were never decided: the next command is the stream's second.
        Assert.Equal(2, (await next).Outcome);
        await NoLanesLeft(writer);
    }

    /// <summary>
    /// A batch whose commit fails (here a command whose row the table's key refuses) is retried one command at a
    /// time: only the command at fault fails, the others of its batch are committed and answered, and nothing of the
    /// failed one is written.
    /// </summary>
    [Fact]
    public async Task a_batch_whose_commit_fails_is_retried_alone_so_only_the_command_at_fault_fails()
    {
        var run = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var table = new NpgsqlCommand($"create table if not exists {Recorded} (run uuid, command int, primary key (run, command))",
                connection);
            await table.ExecuteNonQueryAsync();
            await using var taken = new NpgsqlCommand($"insert into {Recorded} (run, command) values ($1, 0)", connection);
            taken.Parameters.AddWithValue(run);
            await taken.ExecuteNonQueryAsync();
        }
        var recording = new RecordingBatches(run);
        var batches = new HeldFirstBatch(recording);
        var writer = Writer(batches);
        var stream = Guid.NewGuid();

        var first = writer.SubmitAsync(stream, 1, default);
        await batches.FirstOpened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // These four queue behind the held batch and are taken together into the next one.
        var good = new[] { writer.SubmitAsync(stream, 2, default), writer.SubmitAsync(stream, 3, default) };
        var atFault = writer.SubmitAsync(stream, -1, default);
        var last = writer.SubmitAsync(stream, 4, default);
        batches.Release();

        Assert.Equal(1, (await first).Outcome);
        Assert.Equal([2, 3, 4], (await Task.WhenAll([.. good, last])).Select(a => a.Outcome));
        await Assert.ThrowsAnyAsync<Exception>(() => atFault);
        await using var read = new NpgsqlConnection(app.ConnectionString);
        await read.OpenAsync();
        await using var rows = new NpgsqlCommand($"select array_agg(command order by command) from {Recorded} where run = $1", read);
        rows.Parameters.AddWithValue(run);
        var recorded = (int[])(await rows.ExecuteScalarAsync())!;
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, recorded);
        await NoLanesLeft(writer);
    }
}
