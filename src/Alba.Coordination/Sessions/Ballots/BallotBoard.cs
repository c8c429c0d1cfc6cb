using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// A ballot on the board: its place, its receipt (the ballot's hash), the hash of the entry before it and its own hash
/// <c>SHA-256("alba/board|" + previous + "|" + receipt)</c>, so no entry can be changed, removed or moved without
/// breaking every hash after it.
/// </summary>
public sealed record BoardEntry(int Index, string Receipt, string Previous, string Hash, EncryptedBallot Ballot);

/// <summary>The board's hash chain, shared by the mixer that posts, the closing and the verifiers.</summary>
public static class BoardChain
{
    /// <summary>Where a vote's chain starts: bound to the motion and its public key.</summary>
    public static string Genesis(Guid motionId, string publicKey) => Sha256($"alba/board|{motionId:D}|{publicKey}");

    public static string Link(string previous, string receipt) => Sha256($"alba/board|{previous}|{receipt}");

    /// <summary>Entries for <paramref name="ballots"/> (already shuffled), continuing the chain after <paramref name="posted"/> entries ending in <paramref name="head"/>.</summary>
    public static BoardEntry[] Post(int posted, string head, IEnumerable<EncryptedBallot> ballots)
    {
        var entries = new List<BoardEntry>();
        foreach (var ballot in ballots)
        {
            var receipt = ballot.Receipt();
            var hash = Link(head, receipt);
            entries.Add(new BoardEntry(posted + entries.Count, receipt, head, hash, ballot));
            head = hash;
        }
        return entries.ToArray();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The decision of posting a shuffled batch of ballots to an open secret vote's board.</summary>
public static class BoardPosting
{
    public static Decision Decide(MotionState motion, IReadOnlyList<EncryptedBallot> batch, DateTimeOffset now)
    {
        if (motion.Vote is not { Board: { } board } vote) return Problems.Conflict("This motion has no secret vote.");
        if (!vote.IsOpen || vote.IsSealed) return Problems.Conflict("The vote is closed; its board takes no more ballots.");
        if (batch.Count == 0) return Decision.Nothing;
        return Decision.Append(new BallotsPosted(motion.Id, motion.SessionId, BoardChain.Post(board.Posted, board.Head, batch), now));
    }
}

/// <summary>
/// A secret vote's public bulletin board (id = the motion id): the key and, once closed, the tally. Its chain of ballots is
/// stored as <see cref="PostedBallot"/> rows, one per entry.
/// </summary>
public sealed class BallotBoard
{
    public Guid Id { get; set; }
    public ElectionKey Key { get; set; } = new("", 0, []);
    public string Genesis { get; set; } = "";
    public List<OptionTally>? Tally { get; set; }

    /// <summary>Registered ballots that never reached the board, their loss accepted by the chair at closing.</summary>
    public int Lost { get; set; }

    /// <summary>A key made by named tellers: their commitments (null for a key dealt by the server).</summary>
    public List<TellerCommitments>? Dealing { get; set; }

    /// <summary>A key made by named tellers after complaints were resolved: the tellers whose dealing it sums, and the shares revealed.</summary>
    public List<int>? Qualified { get; set; }
    public List<RevealedShare>? Revealed { get; set; }

    /// <summary>A key made by named tellers: the partial decryptions the tally was combined from.</summary>
    public List<PartialDecryption>? Partials { get; set; }
}

public sealed partial class BallotBoardProjection : SingleStreamProjection<BallotBoard, Guid>
{
    public static BallotBoard Create(BallotBoardOpened e) => new()
    {
        Id = e.MotionId, Key = new ElectionKey(e.PublicKey, e.Threshold, e.TellerKeys), Genesis = BoardChain.Genesis(e.MotionId, e.PublicKey),
        Dealing = e.Dealing?.ToList(), Qualified = e.Qualified?.ToList(), Revealed = e.Revealed?.ToList(),
    };

    public static void Apply(TallyDecrypted e, BallotBoard board)
    {
        board.Tally = [.. e.Options];
        board.Lost = e.Lost;
        board.Partials = e.Partials?.ToList();
    }
}

/// <summary>
/// One entry of a secret vote's board (id: the motion and the entry's place). Kept apart from <see cref="BallotBoard"/> so
/// that posting a batch inserts its entries and rewrites none already posted: rewriting the whole board with every batch
/// cost each posting a write of about 30 ms and a read of 14 ms or more at 1,000 ballots, under the motion's lock
/// (docs/benchmarks.md, 2026-12-03).
/// </summary>
public sealed class PostedBallot
{
    public string Id { get; set; } = "";
    public Guid MotionId { get; set; }
    public BoardEntry Entry { get; set; } = null!;

    public static PostedBallot Of(Guid motionId, BoardEntry entry) => new() { Id = $"{motionId:N}/{entry.Index}", MotionId = motionId, Entry = entry };

    /// <summary>The board's entries in chain order.</summary>
    public static async Task<IReadOnlyList<BoardEntry>> ChainAsync(IQuerySession session, Guid motionId, CancellationToken cancellation = default) =>
        (await session.Query<PostedBallot>().Where(p => p.MotionId == motionId).OrderBy(p => p.Entry.Index).ToListAsync(cancellation))
        .Select(p => p.Entry).ToList();
}

public sealed partial class PostedBallotProjection : EventProjection
{
    public PostedBallotProjection()
    {
        Options.DeleteViewTypeOnTeardown<PostedBallot>();
        IncludeType<BallotsPosted>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (e.Data is BallotsPosted posted)
            foreach (var entry in posted.Entries) operations.Insert(PostedBallot.Of(posted.MotionId, entry));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The board as anyone may read it and verify it: the key, the chain, how many voters the register holds, and after closing
/// the tally with its proofs and the result announced. <c>KeyHeldBy</c>: "tellers" when named tellers' devices made the key (then
/// <c>Dealing</c> holds their commitments and, after closing, <c>Partials</c> their partial decryptions), "server" when the server
/// dealt it (weaker: the server could decrypt at opening and at closing).
/// </summary>
public sealed record BoardDetails(Guid MotionId, string Status, string PublicKey, int Threshold, string[] TellerKeys, string Genesis, string Head,
    int Cast, IReadOnlyList<BoardEntry> Ballots, IReadOnlyList<OptionTally>? Tally, VoteResult? Result, int Lost = 0, string KeyHeldBy = "server",
    IReadOnlyList<TellerCommitments>? Dealing = null, IReadOnlyList<PartialDecryption>? Partials = null, IReadOnlyList<int>? Qualified = null,
    IReadOnlyList<RevealedShare>? Revealed = null)
{
    public ElectionKey Key => new(PublicKey, Threshold, TellerKeys);

    public static BoardDetails From(BallotBoard board, IReadOnlyList<BoardEntry> entries, VoteState vote) => new(board.Id, vote.IsOpen ? "open" : "closed",
        board.Key.PublicKey, board.Key.Threshold, board.Key.TellerKeys, board.Genesis, entries.Count > 0 ? entries[^1].Hash : board.Genesis,
        vote.CastCount, entries, board.Tally, vote.Result, board.Lost, board.Dealing is null ? "server" : "tellers", board.Dealing, board.Partials,
        board.Qualified, board.Revealed);
}

public static class BoardQueries
{
    /// <summary>Public: the ballots are encrypted, in shuffled batches, and carry nothing about who cast them.</summary>
    [WolverineGet("/api/motions/{id}/board", Name = "GetBallotBoard")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) => await Load(session, id) is { } board
        ? Results.Ok(board)
        : Results.Problem(Problems.NotFound($"No secret vote's board has id {id}."));

    public static async Task<BoardDetails?> Load(IQuerySession session, Guid motionId)
    {
        var batch = session.CreateBatchQuery();
        var board = batch.Load<BallotBoard>(motionId);
        var motion = batch.Load<MotionView>(motionId);
        var entries = batch.Query<PostedBallot>().Where(p => p.MotionId == motionId).OrderBy(p => p.Entry.Index).ToList();
        await batch.Execute();
        return await board is { } found && (await motion)?.Vote is { } vote
            ? BoardDetails.From(found, (await entries).Select(p => p.Entry).ToList(), vote)
            : null;
    }
}
