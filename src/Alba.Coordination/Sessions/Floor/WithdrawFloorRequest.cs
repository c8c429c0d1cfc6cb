using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record FloorRequestRemoved(Guid SessionId, Guid DelegateId);

public static class WithdrawFloorRequestEndpoint
{
    /// <summary>Takes a waiting delegate off the queue: the delegate itself, or an organiser.</summary>
    public static Decision Decide(SessionView session, Guid delegateId, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsOrganiser && !actor.IsDelegate(delegateId)) return Problems.Forbidden("Only the delegate itself or an organiser may withdraw a request for the floor.");
        if (session.PositionOf(delegateId) is null) return Problems.NotFound($"Delegate {delegateId} is not waiting for the floor.");
        return Decision.Append(new FloorRequestWithdrawn(session.Id, delegateId, actor.Id, now));
    }

    [WolverineDelete("/api/sessions/{id}/speakers/{delegateId}", Name = "WithdrawFloorRequest"), Authorize]
    public static async Task<IResult> Delete(Guid id, Guid delegateId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        return stream.AppendOrRefuse(Decide(stream.Aggregate!, delegateId, user.Actor(), clock.GetUtcNow()),
            () => Results.Ok(new FloorRequestRemoved(id, delegateId)));
    }
}
