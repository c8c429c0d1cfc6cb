using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record TurnEnded(Guid SessionId, Guid DelegateId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double Seconds);

public static class EndSpeakingTurnEndpoint
{
    public static Decision Decide(SessionView session, Actor actor, DateTimeOffset now) =>
        session.CurrentSpeaker is { } turn
            ? Decision.Append(new SpeakingTurnEnded(session.Id, turn.DelegateId, actor.Id, now))
            : Problems.Conflict("Nobody has the floor.");

    [WolverinePost("/api/sessions/{id}/speakers/current/end", Name = "EndSpeakingTurn"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        var now = clock.GetUtcNow();
        var turn = stream.Aggregate!.CurrentSpeaker;
        return stream.AppendOrRefuse(Decide(stream.Aggregate!, user.Actor(), now),
            () => Results.Ok(new TurnEnded(id, turn!.DelegateId, turn.StartedAt, now, (now - turn.StartedAt).TotalSeconds)));
    }
}
