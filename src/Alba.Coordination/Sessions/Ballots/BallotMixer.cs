using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// Keeps verified secret ballots in memory, never in the database, from the moment their voter's participation has committed
/// until at least <c>Alba:Ballots:MixBatch</c> (default 10) have gathered, then posts everything waiting to the board in a
/// random order, in a transaction of its own that names no voter. Whoever reads the database, its WAL or its backups sees the
/// batch arrive after a group of participations, and nothing that pairs a ballot inside it with a voter of the group:
/// no shared transaction id, no order, no time. The closing posts whatever is still waiting. See docs/voting.md for what
/// this costs: a ballot waits in one node's memory until its batch is full or the vote closes.
/// </summary>
/// <remarks>
/// One posting per motion at a time, and it takes every ballot waiting: a burst's group commit hands the mixer hundreds of
/// ballots at once, and a posting each per ten of them would queue dozens of transactions on the motion's lock ahead of the
/// next batch of ballots (which then waited past its lock timeout: a 503).
/// </remarks>
public sealed class BallotMixer(IDocumentStore store, TimeProvider clock, IConfiguration configuration, ILogger<BallotMixer> logger)
{
    private readonly int batchSize = Math.Max(1, configuration.GetValue("Alba:Ballots:MixBatch", 10));
    private readonly Dictionary<Guid, List<EncryptedBallot>> waiting = [];
    // The receipts of the ballots waiting or being posted, per motion: a resubmission of one of them adds nothing.
    private readonly Dictionary<Guid, HashSet<string>> held = [];
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> postings = new();

    /// <summary>
    /// Takes a ballot whose voter's participation has committed. Once a batch is full, waits for the motion's posting in
    /// progress, if any (it may have taken this ballot), then posts what still waits if that is a full batch.
    /// </summary>
    public async Task AddAsync(Guid motionId, EncryptedBallot ballot)
    {
        if (!Add(motionId, ballot)) return;
        var posting = postings.GetOrAdd(motionId, _ => new SemaphoreSlim(1, 1));
        await posting.WaitAsync();
        try
        {
            await PostAsync(motionId, TakeFullBatch(motionId));
        }
        finally
        {
            posting.Release();
        }
    }

    /// <summary>Adds the ballot (a resubmitted one unless its receipt is held already); true when a full batch waits.</summary>
    private bool Add(Guid motionId, EncryptedBallot ballot, bool resubmitted = false)
    {
        lock (waiting)
        {
            if (!held.TryGetValue(motionId, out var receipts)) held[motionId] = receipts = [];
            if (!waiting.TryGetValue(motionId, out var ballots)) waiting[motionId] = ballots = [];
            if (receipts.Add(ballot.Receipt()) || !resubmitted) ballots.Add(ballot);
            return ballots.Count >= batchSize;
        }
    }

    /// <summary>
    /// A resubmitted ballot (docs/voting.md, "The mixer's crash window"), taken under the motion's lock after its receipt was
    /// found missing from the board: it waits for the next batch or the closing, unless it already waits or is being posted.
    /// Nothing is posted from here, as the caller holds the lock a posting takes.
    /// </summary>
    public void Hold(Guid motionId, EncryptedBallot ballot) => Add(motionId, ballot, resubmitted: true);

    /// <summary>The vote closed: nothing more is posted to its board.</summary>
    public void Closed(Guid motionId)
    {
        lock (waiting)
        {
            waiting.Remove(motionId);
            held.Remove(motionId);
        }
        postings.TryRemove(motionId, out _);
    }

    private void Posted(Guid motionId, IEnumerable<EncryptedBallot> ballots)
    {
        lock (waiting)
            if (held.TryGetValue(motionId, out var receipts))
                foreach (var ballot in ballots) receipts.Remove(ballot.Receipt());
    }

    /// <summary>Everything waiting for <paramref name="motionId"/>, in a random order, taken out of the mixer.</summary>
    public EncryptedBallot[] Take(Guid motionId) => Take(motionId, minimum: 1);

    private EncryptedBallot[] TakeFullBatch(Guid motionId) => Take(motionId, batchSize);

    private EncryptedBallot[] Take(Guid motionId, int minimum)
    {
        lock (waiting)
        {
            if (!waiting.TryGetValue(motionId, out var ballots) || ballots.Count < minimum) return [];
            waiting.Remove(motionId);
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
    private async Task PostAsync(Guid motionId, EncryptedBallot[] batch)
    {
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
                Posted(motionId, batch);
                return;
            }
            stream.AppendMany(decision.Events);
            await session.SaveChangesAsync();
            Posted(motionId, batch);
        }
        catch (Exception e)
        {
            // The voters have their receipts; the batch waits for the next one or the closing.
            Return(motionId, batch);
            logger.LogWarning(e, "Posting {Count} secret ballots to motion {MotionId}'s board failed; they wait for the next batch", batch.Length, motionId);
        }
    }
}
