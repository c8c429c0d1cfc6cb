using System.Security.Cryptography;
using System.Text;
using Marten.Events.Aggregation;

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

/// <summary>A secret vote's public bulletin board (id = the motion id): the key, the chain of ballots in order and, once closed, the tally.</summary>
public sealed class BallotBoard
{
    public Guid Id { get; set; }
    public ElectionKey Key { get; set; } = new("", 0, []);
    public string Genesis { get; set; } = "";
    public List<BoardEntry> Entries { get; set; } = [];
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

    public static void Apply(BallotsPosted e, BallotBoard board) => board.Entries.AddRange(e.Entries);

    public static void Apply(TallyDecrypted e, BallotBoard board)
    {
        board.Tally = [.. e.Options];
        board.Lost = e.Lost;
        board.Partials = e.Partials?.ToList();
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

    public static BoardDetails From(BallotBoard board, VoteState vote) => new(board.Id, vote.IsOpen ? "open" : "closed", board.Key.PublicKey,
        board.Key.Threshold, board.Key.TellerKeys, board.Genesis, board.Entries.Count > 0 ? board.Entries[^1].Hash : board.Genesis,
        vote.CastCount, board.Entries, board.Tally, vote.Result, board.Lost, board.Dealing is null ? "server" : "tellers", board.Dealing, board.Partials,
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
        await batch.Execute();
        return await board is { } found && (await motion)?.Vote is { } vote ? BoardDetails.From(found, vote) : null;
    }
}
