using System.Security.Claims;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

/// <summary>A delegate asks for itself (no delegateId needed); an organiser names the delegate.</summary>
public sealed record RequestFloor(Guid? DelegateId);

public sealed record FloorRequestQueued(Guid SessionId, Guid DelegateId, int Position);

public static class RequestFloorEndpoint
{
    /// <summary>
    /// Puts a present participant (accredited, checked in) at the end of the queue of an open session; a delegate
    /// already waiting or speaking is refused, so nobody holds two places.
    /// </summary>
    public static Decision Decide(SessionView session, Guid delegateId, DelegateView? speaker, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsOrganiser && !actor.IsDelegate(delegateId)) return Problems.Forbidden("A delegate may ask for the floor only for itself.");
        if (speaker is null || speaker.AssemblyId != session.AssemblyId)
            return actor.IsOrganiser
                ? Problems.NotFound($"No delegate {delegateId} takes part in this session's assembly.")
                : Problems.Forbidden("You are not a delegate of this session's assembly.");
        if (session.Status != SessionStatus.Open) return Problems.Conflict("The session is not open.");
        if (speaker.Status != DelegateStatus.Accredited || !speaker.IsCheckedIn)
            return Problems.Conflict("Only accredited participants who have checked in may take the floor.");
        if (session.CurrentSpeaker?.DelegateId == delegateId) return Problems.Conflict("This delegate has the floor now.");
        if (session.PositionOf(delegateId) is { } position) return Problems.Conflict($"This delegate is already waiting, at position {position}.");
        return Decision.Append(new FloorRequested(session.Id, delegateId, actor.Id, now));
    }

    [WolverinePost("/api/sessions/{id}/speakers", Name = "RequestFloor"), Authorize]
    public static async Task<IResult> Post(Guid id, RequestFloor? command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var actor = user.Actor();
        if ((command?.DelegateId ?? actor.DelegateId) is not { } delegateId)
            return Results.Problem(Problems.Invalid("delegateId", "'delegateId' is required: name the delegate who asks for the floor."));
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        var view = stream.Aggregate!;
        var speaker = await session.LoadAsync<DelegateView>(delegateId);
        return stream.AppendOrRefuse(Decide(view, delegateId, speaker, actor, clock.GetUtcNow()),
            () => Results.Created($"/api/sessions/{id}", new FloorRequestQueued(id, delegateId, view.Queue.Count + 1)));
    }
}
