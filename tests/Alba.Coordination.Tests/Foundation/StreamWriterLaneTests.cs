using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.GroupCommit;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

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

    private StreamWriter<int, int> Writer() => new(app.Host.Services.GetRequiredService<IDocumentStore>(),
        app.Host.Services.GetRequiredService<RequestPools>(), new GroupCommitLimits(), new CountingBatches(),
        NullLogger<StreamWriter<int, int>>.Instance);

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
}
