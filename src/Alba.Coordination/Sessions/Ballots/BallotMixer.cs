using System.Security.Cryptography;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// Keeps verified secret ballots in memory, never in the database, from the moment their voter's participation has committed
/// until a batch of <c>Alba:Ballots:MixBatch</c> (default 10) has gathered, then posts the batch to the board in a random
/// order, in a transaction of its own that names no voter. Whoever reads the database, its WAL or its backups sees the
/// batch arrive after a group of participations, and nothing that pairs a ballot inside it with a voter of the group:
/// no shared transaction id, no order, no time. The closing posts whatever is still waiting. See docs/voting.md for what
/// this costs: a ballot waits in one node's memory until its batch is full or the vote closes.
/// </summary>
public sealed class BallotMixer(IDocumentStore store, TimeProvider clock, IConfiguration configuration, ILogger<BallotMixer> logger)
{
    private readonly int batchSize = Math.Max(1, configuration.GetValue("Alba:Ballots:MixBatch", 10));
    private readonly Dictionary<Guid, List<EncryptedBallot>> waiting = [];

    /// <summary>Takes a ballot whose voter's participation has committed; posts a shuffled batch when one is full.</summary>
    public async Task AddAsync(Guid motionId, EncryptedBallot ballot)
    {
        bool full;
        lock (waiting)
        {
            if (!waiting.TryGetValue(motionId, out var ballots)) waiting[motionId] = ballots = [];
            ballots.Add(ballot);
            full = ballots.Count >= batchSize;
        }
        if (full) await PostAsync(motionId);
    }

    /// <summary>Everything waiting for <paramref name="motionId"/>, in a random order, taken out of the mixer.</summary>
    public EncryptedBallot[] Take(Guid motionId)
    {
        lock (waiting)
        {
            if (!waiting.Remove(motionId, out var ballots)) return [];
            var shuffled = ballots.ToArray();
            RandomNumberGenerator.Shuffle(shuffled.AsSpan());
            return shuffled;
        }
    }

    /// <summary>Puts back ballots whose posting did not commit, so the next batch or the closing posts them.</summary>
    public void Return(Guid motionId, IEnumerable<EncryptedBallot> ballots)
    {
        lock (waiting)
        {
            if (!waiting.TryGetValue(motionId, out var list)) waiting[motionId] = list = [];
            list.AddRange(ballots);
        }
    }

    /// <summary>Not cancellable: a voter hanging up must not lose the batch its ballot completed.</summary>
    private async Task PostAsync(Guid motionId)
    {
        var batch = Take(motionId);
        if (batch.Length == 0) return;
        try
        {
            await using var session = store.LightweightSession();
            // The motion's lock orders this batch with ballots and the closing: the chain grows from the head they all see.
            var stream = await session.Events.FetchForExclusiveWriting<MotionState>(motionId);
            var decision = BoardPosting.Decide(stream.Loaded(), batch, clock.GetUtcNow());
            if (decision.IsRefused)
            {
                logger.LogError("A batch of {Count} secret ballots could not be posted to motion {MotionId}'s board: {Reason}",
                    batch.Length, motionId, decision.Refusal.Detail);
                return;
            }
            stream.AppendMany(decision.Events);
            await session.SaveChangesAsync();
        }
        catch (Exception e)
        {
            // The voters have their receipts; the batch waits for the next one or the closing.
            Return(motionId, batch);
            logger.LogWarning(e, "Posting {Count} secret ballots to motion {MotionId}'s board failed; they wait for the next batch", batch.Length, motionId);
        }
    }
}
