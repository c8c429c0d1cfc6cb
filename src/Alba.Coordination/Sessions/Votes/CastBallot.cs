using Alba.Coordination.Delegates;
using Alba.Coordination.Sessions.Ballots;
using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Sessions;

/// <summary>
/// A ballot: <c>choice</c> in plain (a named vote, or a client that cannot encrypt: the server encrypts it at once), or for a
/// secret vote the <c>ballot</c> encrypted on the delegate's device with its proofs.
/// </summary>
public sealed record CastBallot(string? Choice, EncryptedBallot? Ballot = null);

/// <summary>
/// The answer to a ballot, named or secret alike: how many have voted, never what was chosen; for a secret ballot its
/// <c>receipt</c>, the hash under which it will appear on the board.
/// </summary>
public sealed record BallotAnswer(Guid MotionId, int Cast, string? Receipt);

/// <summary>What a ballot's decision knows about its caller, read under the motion's lock from small per-voter facts.</summary>
public sealed record VoterStanding(bool OnRoll, bool HoldsVotingRights, bool HasVoted)
{
    public static readonly VoterStanding Nobody = new(false, false, false);

    /// <summary>Voting rights are read again at ballot time: a delegate revoked or withdrawn since the opening holds none.</summary>
    public static VoterStanding Of(bool onRoll, DelegateView? standing, bool hasVoted) => new(onRoll, standing is { MayVote: true }, hasVoted);
}

public static class CastBallotEndpoint
{
    public static ProblemDetails Validate(CastBallot command) => new Validation()
        .Check(command.Ballot is not null || BallotChoices.All.Contains(command.Choice), "choice",
            $"'choice' must be one of: {string.Join(", ", BallotChoices.All)} (or send an encrypted 'ballot').")
        .Check(command.Ballot is null || command.Choice is null, "ballot", "Send either 'choice' or an encrypted 'ballot', not both.")
        .ToProblem();

    /// <summary>
    /// One ballot per delegate on the roll fixed at opening, while the vote is open and the delegate still holds voting
    /// rights (a revocation since the opening ends them at once). Ineligible callers get 403, a closed/unopened vote or a
    /// second ballot 409. A secret vote records only that the delegate voted; its encrypted <paramref name="ballot"/> must carry
    /// proofs that hold (otherwise 400, nothing recorded) and goes to the board through the mixer, not through this decision.
    /// </summary>
    public static Decision Decide(MotionState motion, VoterStanding voter, string? choice, EncryptedBallot? ballot, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != Roles.Delegate || actor.DelegateId is not { } delegateId)
            return Problems.Forbidden("Only delegates vote, each with their own credential.");
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is closed.");
        if (!voter.OnRoll)
            return Problems.Forbidden("You were not on the roll when this vote opened (accredited, checked in, role delegate); eligibility is fixed at opening.");
        if (!voter.HoldsVotingRights) return Problems.Forbidden("Your voting rights have ended.");
        if (voter.HasVoted) return Problems.Conflict("You have already voted in this vote.");
        var cast = vote.Cast + 1;
        if (!vote.Secret)
            return choice is null
                ? Problems.Invalid("choice", "A named vote records who chose what: send 'choice', not an encrypted ballot.")
                : Decision.Append(new BallotCast(motion.Id, motion.SessionId, delegateId, choice, cast, actor.Id, now));
        if (vote.Board is not { } board || ballot is null)
            throw new InvalidOperationException("A secret ballot is encrypted before it is decided, under its vote's key.");
        if (ballot.Fault(board.Key.PublicPoint(), motion.Id) is { } fault) return Problems.Invalid("ballot", fault);
        return Decision.Append(new VoterParticipated(motion.Id, motion.SessionId, delegateId, cast, actor.Id, now));
    }

    /// <summary>
    /// Ballots of one motion queue behind its stream lock, so the roll, the register and the count read here cannot be
    /// overtaken. Ballots take no Idempotency-Key: its stored request hash would tie the caller to one of three bodies. A
    /// repeated ballot is answered 409 "already voted" instead. A secret ballot commits the participation first and only then
    /// hands the encrypted ballot to the mixer: the transaction that names the voter holds nothing that depends on the choice.
    /// </summary>
    [WolverinePost("/api/motions/{id}/ballots", Name = "CastBallot"), Authorize, IdempotencyExempt, EnableRateLimiting(RateLimits.BallotQueue)]
    public static async Task<IResult> Post(CastBallot command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, BallotMixer mixer, TimeProvider clock)
    {
        var actor = user.Actor();
        var motion = stream.Loaded();
        var voter = actor.DelegateId is { } delegateId ? await StandingAsync(session, motion.Id, delegateId) : VoterStanding.Nobody;
        var ballot = motion.Vote is { Board: { } board }
            ? command.Ballot ?? EncryptedBallot.Encrypt(command.Choice!, board.Key.PublicPoint(), motion.Id)
            : command.Ballot;
        var decision = Decide(motion, voter, command.Choice, ballot, actor, clock.GetUtcNow());
        var answer = await session.Decide(stream, _ => decision, (after, _) => new BallotAnswer(after.Id, after.Vote!.Cast, ballot?.Canonical().Receipt()));
        if (decision.Changes && motion.Vote!.Secret)
        {
            await session.SaveChangesAsync();
            await mixer.AddAsync(motion.Id, ballot!.Canonical());
        }
        return answer;
    }

    /// <summary>Three small reads in one round trip: the roll (queried, not loaded), the voter's register row, the delegate's rights now.</summary>
    private static async Task<VoterStanding> StandingAsync(IDocumentSession session, Guid motionId, Guid delegateId)
    {
        var batch = session.CreateBatchQuery();
        var onRoll = batch.Query<VoteRoll>().Any(r => r.Id == motionId && r.Eligible.Contains(delegateId));
        var voted = batch.Query<VoterRecord>().Any(v => v.MotionId == motionId && v.DelegateId == delegateId);
        var standing = batch.Load<DelegateView>(delegateId);
        await batch.Execute();
        return VoterStanding.Of(await onRoll, await standing, await voted);
    }
}
