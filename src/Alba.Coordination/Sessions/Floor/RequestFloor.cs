using Alba.Coordination.Delegates;

namespace Alba.Coordination.Sessions;

/// <summary>A delegate asks for itself (no delegateId needed); an organiser names the delegate.</summary>
public sealed record RequestFloor(Guid? DelegateId);

/// <summary>The delegate's place in the queue after the request.</summary>
public sealed record FloorRequestAnswer(Guid SessionId, Guid DelegateId, int Position);

public static class RequestFloorEndpoint
{
    /// <summary>
    /// Puts a present participant (accredited, checked in) at the end of the queue of an open session; a delegate
    /// already waiting or speaking is refused, so nobody holds two places.
    /// </summary>
    public static Decision Decide(SessionState session, Guid delegateId, DelegateView? speaker, Actor actor, DateTimeOffset now)
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

    /// <summary>Requests queue behind the session's lock, so each answered position is the delegate's real place.</summary>
    [WolverinePost("/api/sessions/{id}/speakers", Name = "RequestFloor"), Authorize]
    public static async Task<IResult> Post(RequestFloor? command, [LockedStream("session")] IEventStream<SessionState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var actor = user.Actor();
        if ((command?.DelegateId ?? actor.DelegateId) is not { } delegateId)
            return Results.Problem(Problems.Invalid("delegateId", "'delegateId' is required: name the delegate who asks for the floor."));
        var speaker = await session.LoadAsync<DelegateView>(delegateId);
        return await session.Decide(stream, state => Decide(state, delegateId, speaker, actor, clock.GetUtcNow()),
            (after, _) => new FloorRequestAnswer(after.Id, delegateId, after.PositionOf(delegateId)!.Value),
            createdAt: $"/api/sessions/{stream.Id}");
    }
}
