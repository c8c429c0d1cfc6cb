using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record FloorHolder(Guid SessionId, Guid DelegateId);

public static class GiveFloorEndpoint
{
    /// <summary>The chair gives the floor to the first in the queue, ending the current turn if someone is still speaking.</summary>
    public static Decision Decide(SessionView session, Actor actor, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("The session is not open.");
        if (session.Queue.Count == 0) return Problems.Conflict("Nobody is waiting for the floor.");
        var next = new FloorGiven(session.Id, session.Queue[0].DelegateId, actor.Id, now);
        return session.CurrentSpeaker is { } turn
            ? Decision.Append(new SpeakingTurnEnded(session.Id, turn.DelegateId, actor.Id, now), next)
            : Decision.Append(next);
    }

    [WolverinePost("/api/sessions/{id}/speakers/next", Name = "GiveFloor"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        var decision = Decide(stream.Aggregate!, user.Actor(), clock.GetUtcNow());
        return stream.AppendOrRefuse(decision, () => Results.Ok(new FloorHolder(id, decision.Events.OfType<FloorGiven>().Single().DelegateId)));
    }
}
