using System.Security.Claims;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record OpenVote(bool Secret, string Majority, int Quorum);

public sealed record VoteOpenedAnswer(Guid MotionId, bool Secret, string Majority, int Quorum, int Eligible);

public static class OpenVoteEndpoint
{
    public static ProblemDetails Validate(OpenVote command) => new Validation()
        .Check(Majorities.All.Contains(command.Majority), "majority", $"'majority' must be one of: {string.Join(", ", Majorities.All)}.")
        .Check(command.Quorum >= 0, "quorum", "'quorum' (the least number of ballots cast) must be 0 or more.")
        .ToProblem();

    /// <summary>Puts the motion to its one vote in an open session, fixing the roll of eligible delegates as of now.</summary>
    public static Decision Decide(MotionView motion, SessionView session, IEnumerable<DelegateView> delegates, OpenVote command, Actor actor,
        DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("Votes are held in an open session; this one is not open.");
        if (motion.Vote is not null) return Problems.Conflict("This motion has already been put to the vote.");
        return Decision.Append(new VoteOpened(motion.Id, motion.SessionId, motion.AssemblyId, command.Secret, command.Majority, command.Quorum,
            VoteRules.EligibleVoters(delegates, motion.AssemblyId), actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/vote", Name = "OpenVote"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, OpenVote command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<MotionView>(id) is not { } stream) return MotionQueries.NotFound(id);
        var motion = stream.Aggregate!;
        var sessionView = await session.LoadAsync<SessionView>(motion.SessionId);
        var delegates = await session.Query<DelegateView>().Where(d => d.AssemblyId == motion.AssemblyId).ToListAsync();
        var decision = Decide(motion, sessionView!, delegates, command, user.Actor(), clock.GetUtcNow());
        // The secret ballot box exists from the start, so every ballot is an increment and none creates it.
        if (!decision.IsRefused && command.Secret) session.Insert(new SecretBallotBox { Id = id });
        return stream.AppendOrRefuse(decision, () =>
        {
            var opened = decision.Events.OfType<VoteOpened>().Single();
            return Results.Ok(new VoteOpenedAnswer(id, opened.Secret, opened.Majority, opened.Quorum, opened.Eligible.Length));
        });
    }
}
