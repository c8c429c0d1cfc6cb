using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public static class CloseVoteEndpoint
{
    /// <summary>
    /// Closes the open vote and records its result. <paramref name="secretBox"/> holds a secret vote's choices (null
    /// for a named vote, counted from its ballots). A missed quorum rejects the motion whatever the counts.
    /// </summary>
    public static Decision Decide(MotionView motion, BallotCounts? secretBox, Actor actor, DateTimeOffset now)
    {
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is already closed.");
        var counts = vote.Secret ? secretBox ?? throw new InvalidOperationException("A secret vote needs its ballot box.") : BallotCounts.Of(vote.Ballots);
        var result = VoteRules.Result(vote.Majority, vote.Quorum, vote.Eligible.Count, counts);
        return Decision.Append(new VoteClosed(motion.Id, motion.SessionId, motion.AssemblyId, result.Yes, result.No, result.Abstain,
            result.Eligible, result.Cast, result.QuorumMet, result.Outcome, actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/vote/closing", Name = "CloseVote"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        // The motion's row is locked first: every ballot takes the same lock before touching the box, so the box
        // read next holds exactly the ballots of the register this close sees.
        if (await session.LockAsync<MotionView>(id) is not { } stream) return MotionQueries.NotFound(id);
        var motion = stream.Aggregate!;
        var box = motion.Vote is { Secret: true } ? (await session.LoadAsync<SecretBallotBox>(id))?.ToCounts() : null;
        var decision = Decide(motion, box, user.Actor(), clock.GetUtcNow());
        return stream.AppendOrRefuse(decision, () =>
        {
            var closed = decision.Events.OfType<VoteClosed>().Single();
            return Results.Ok(new VoteResult(closed.Yes, closed.No, closed.Abstain, closed.Eligible, closed.Cast, closed.QuorumMet, closed.Outcome));
        });
    }
}
