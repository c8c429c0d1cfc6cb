namespace Alba.Coordination.Sessions;

public sealed record AmendmentDetails(Guid Id, string Text, int AmendsRevision, string Status, Guid ProposedBy, DateTimeOffset ProposedAt,
    DateTimeOffset? AcceptedAt);

/// <summary>
/// A vote as the public sees it: while open only how many have voted; once closed the result, and for a named vote
/// who chose what (<see cref="NamedBallots"/>, from the register). A secret vote never names choices (nothing stored could).
/// <c>Status</c> is open or closed, and for a vote with named tellers also keying (before it takes ballots) and tallying
/// (closed to ballots, being decrypted); <c>KeyHeldBy</c> says who holds a secret vote's key: tellers, or the server (weaker:
/// see docs/voting.md).
/// </summary>
public sealed record VoteDetails(string Status, bool Secret, string Majority, int Quorum, int Eligible, int Cast, DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt, VoteResult? Result, IReadOnlyList<NamedBallot>? Ballots, string? KeyHeldBy = null)
{
    public static VoteDetails From(Guid motionId, VoteState vote, NamedBallots named) => new(vote.Stage, vote.Secret,
        vote.Majority, vote.Quorum, vote.EligibleCount, vote.CastCount, vote.OpenedAt, vote.ClosedAt, vote.Result,
        NamedBallots.Shown(vote) ? named.Of(motionId) : null, vote.KeyHeldBy);
}

/// <summary>
/// The choices of closed named votes, read from the register (<see cref="VoterRecord"/>) in one query for all the motions
/// shown, in the order they were cast. A ballot adds a row there instead of rewriting the motion's view with every choice.
/// </summary>
public sealed class NamedBallots
{
    private readonly ILookup<Guid, NamedBallot> _byMotion;

    private NamedBallots(ILookup<Guid, NamedBallot> byMotion) => _byMotion = byMotion;

    /// <summary>Whether a vote's choices are shown: a named vote, once closed.</summary>
    public static bool Shown(VoteState vote) => vote is { IsOpen: false, Secret: false };

    public static async Task<NamedBallots> ReadAsync(IQuerySession session, IEnumerable<MotionView> motions, CancellationToken cancellation)
    {
        var shown = motions.Where(m => m.Vote is { } vote && Shown(vote)).Select(m => m.Id).ToArray();
        IReadOnlyList<VoterRecord> records = shown.Length == 0
            ? []
            : await session.Query<VoterRecord>().Where(r => r.MotionId.IsOneOf(shown)).OrderBy(r => r.Cast).ToListAsync(cancellation);
        return new NamedBallots(records.ToLookup(r => r.MotionId, r => new NamedBallot(r.DelegateId, r.Choice!)));
    }

    public IReadOnlyList<NamedBallot> Of(Guid motionId) => [.. _byMotion[motionId]];
}

public sealed record MotionDetails(Guid Id, Guid SessionId, Guid AssemblyId, string Title, string Text, int Revision, MotionStatus Status,
    Guid TabledBy, DateTimeOffset TabledAt, IReadOnlyList<AmendmentDetails> Amendments, VoteDetails? Vote, int Version)
{
    public static MotionDetails From(MotionView m, NamedBallots named) => new(m.Id, m.SessionId, m.AssemblyId, m.Title, m.Text, m.Revision,
        m.Status, m.TabledBy, m.TabledAt,
        m.Amendments.Select(a => new AmendmentDetails(a.Id, a.Text, a.AmendsRevision, a.AcceptedAt is null ? "proposed" : "accepted",
            a.ProposedBy, a.ProposedAt, a.AcceptedAt)).ToList(),
        m.Vote is null ? null : VoteDetails.From(m.Id, m.Vote, named), m.Version);
}

public static class MotionQueries
{
    public static IResult NotFound(Guid id) => Results.Problem(Problems.NotFound($"No motion has id {id}."));

    [WolverineGet("/api/motions/{id}", Name = "GetMotion")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<MotionView>(id) is { } motion
            ? Results.Ok(MotionDetails.From(motion, await NamedBallots.ReadAsync(session, [motion], CancellationToken.None)))
            : NotFound(id);
}
