using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Sessions;

/// <summary>
/// A secret ballot sent again by the device that cast it, with the <c>nonce</c> it drew then: for a ballot lost with the node
/// whose mixer held it (docs/voting.md, "The mixer's crash window").
/// </summary>
public sealed record ResubmitBallot(EncryptedBallot? Ballot, string? Nonce);

/// <summary>What the register and the board know about a resubmitted ballot, read under the motion's lock.</summary>
/// <param name="Commitment">The commitment recorded with the caller's participation; null when it has not voted, or voted without one.</param>
public sealed record Resubmission(bool HasVoted, string? Commitment, bool OnBoard);

public static class ResubmitBallotEndpoint
{
    public static ProblemDetails Validate(ResubmitBallot command) => new Validation()
        .Check(command.Ballot is not null, "ballot", "Send the encrypted 'ballot' you cast.")
        .Check(BallotCommitment.IsNonce(command.Nonce), "nonce", "'nonce' is the 64 hex digits your device sent with the ballot.")
        .ToProblem();

    /// <summary>
    /// Accepted (nothing recorded: the ballot goes to the mixer again) only for the caller's own registered ballot: the hash
    /// of its receipt and <paramref name="nonce"/> must be the commitment its participation recorded, and the ballot must not
    /// be on the board yet, so a voter's one ballot reaches the board once, whatever is resubmitted.
    /// </summary>
    public static Decision Decide(MotionState motion, Resubmission facts, CheckedBallot? ballot, string nonce, Actor actor)
    {
        if (actor.Role != Roles.Delegate || actor.DelegateId is null) return Problems.Forbidden("Only delegates vote, each with their own credential.");
        if (motion.Vote is not { Secret: true } vote) return Problems.Conflict("Only a secret vote's ballot can be sent again.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is closed.");
        if (VoteRules.BallotRefusal(vote) is { } refusal) return refusal;
        if (!facts.HasVoted) return Problems.Conflict("You have not voted in this vote; cast your ballot instead.");
        if (ballot is null || ballot.MotionId != motion.Id || ballot.Key != vote.Board!.Key.PublicKey)
            throw new InvalidOperationException("An open secret vote's ballot is checked under its key.");
        if (ballot.Fault is { } fault) return Problems.Invalid("ballot", fault);
        if (facts.Commitment is null || BallotCommitment.Of(ballot.Ballot.Canonical().Receipt(), nonce) != facts.Commitment)
            return Problems.Conflict("This is not the ballot you cast: it does not match what the register recorded when you voted.");
        if (facts.OnBoard) return Problems.Conflict("Your ballot is already on the board.");
        return Decision.Nothing;
    }

    /// <summary>
    /// Checks the proofs first (no lock), then, under the motion's lock (ordered with the mixer's postings and the closing),
    /// the caller's commitment and the board; an accepted ballot waits in this node's mixer (unless it already does) and is
    /// posted with the next batch or at the closing. The answer is the same whether it was waiting already or not.
    /// </summary>
    [WolverinePost("/api/motions/{id}/ballots/resubmission", Name = "ResubmitBallot"), Authorize, IdempotencyExempt]
    public static async Task<IResult> Post(Guid id, ResubmitBallot command, ClaimsPrincipal user, IDocumentSession session, ElectionKeys keys,
        BallotMixer mixer, HttpContext context)
    {
        var actor = user.Actor();
        var checkedBallot = await keys.CheckAsync(command.Ballot!, id, context.RequestAborted);
        var stream = await session.Events.FetchForExclusiveWriting<MotionState>(id, context.RequestAborted);
        if (stream.Aggregate is not { } motion) return Results.Problem(Problems.NotFound($"No motion has id {id}."));
        var ballot = command.Ballot!.Canonical();
        var receipt = ballot.Receipt();
        var voter = actor.DelegateId is { } delegateId
            ? await session.Query<VoterRecord>().SingleOrDefaultAsync(v => v.MotionId == id && v.DelegateId == delegateId, context.RequestAborted)
            : null;
        var onBoard = motion.Vote is { Secret: true, IsOpen: true } && voter is not null
            && await session.Query<PostedBallot>().AnyAsync(p => p.MotionId == id && p.Entry.Receipt == receipt, context.RequestAborted);
        var decision = Decide(motion, new Resubmission(voter is not null, voter?.Commitment, onBoard), checkedBallot, command.Nonce!, actor);
        if (decision.IsRefused) return Results.Problem(decision.Refusal);
        mixer.Hold(id, ballot);
        return Results.Ok(new BallotAnswer(id, motion.Vote!.Cast, receipt));
    }
}
