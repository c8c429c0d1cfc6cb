using System.Security.Claims;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record CastBallot(string Choice);

/// <summary>The answer to a ballot, named or secret alike: how many have voted, never what was chosen.</summary>
public sealed record BallotReceived(Guid MotionId, int Cast);

public static class CastBallotEndpoint
{
    public static ProblemDetails Validate(CastBallot command) => new Validation()
        .Check(BallotChoices.All.Contains(command.Choice), "choice", $"'choice' must be one of: {string.Join(", ", BallotChoices.All)}.")
        .ToProblem();

    /// <summary>
    /// One ballot per delegate on the roll fixed at opening, while the vote is open and the delegate still holds voting
    /// rights (a revocation since the opening ends them at once). Ineligible callers get 403, a closed/unopened vote or a
    /// second ballot 409. A secret vote records only that the delegate voted; the endpoint drops the choice in the box.
    /// </summary>
    public static Decision Decide(MotionView motion, DelegateView? voter, CastBallot command, Actor actor, DateTimeOffset now)
    {
        if (actor.Role != Roles.Delegate || actor.DelegateId is not { } delegateId)
            return Problems.Forbidden("Only delegates vote, each with their own credential.");
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is closed.");
        if (!vote.Eligible.Contains(delegateId))
            return Problems.Forbidden("You were not on the roll when this vote opened (accredited, checked in, role delegate); eligibility is fixed at opening.");
        if (voter is not { MayVote: true }) return Problems.Forbidden("Your voting rights have ended.");
        if (vote.Voters.Contains(delegateId)) return Problems.Conflict("You have already voted in this vote.");
        var cast = vote.Voters.Count + 1;
        return vote.Secret
            ? Decision.Append(new VoterParticipated(motion.Id, motion.SessionId, delegateId, cast, actor.Id, now))
            : Decision.Append(new BallotCast(motion.Id, motion.SessionId, delegateId, command.Choice, cast, actor.Id, now));
    }

    /// <summary>
    /// Ballots take no Idempotency-Key: its stored request hash would tie the caller to one of three bodies. A repeated
    /// ballot is answered 409 "already voted" instead.
    /// </summary>
    [WolverinePost("/api/motions/{id}/ballots", Name = "CastBallot"), Authorize, IdempotencyExempt, EnableRateLimiting(RateLimits.Ballots)]
    public static async Task<IResult> Post(Guid id, CastBallot command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<MotionView>(id) is not { } stream) return MotionQueries.NotFound(id);
        var actor = user.Actor();
        var voter = actor.DelegateId is { } delegateId ? await session.LoadAsync<DelegateView>(delegateId) : null;
        var motion = stream.Aggregate!;
        var decision = Decide(motion, voter, command, actor, clock.GetUtcNow());
        if (!decision.IsRefused && motion.Vote!.Secret) SecretBallotBox.Deposit(session, id, command.Choice);
        return stream.AppendOrRefuse(decision, () => Results.Ok(new BallotReceived(id, motion.Vote!.Voters.Count + 1)));
    }
}
