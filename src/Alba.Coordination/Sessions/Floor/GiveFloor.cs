namespace Alba.Coordination.Sessions;

/// <summary>Who has the floor after the chair gave it.</summary>
public sealed record FloorHolder(Guid SessionId, Guid DelegateId);

public static class GiveFloorEndpoint
{
    /// <summary>The chair gives the floor to the first in the queue, ending the current turn if someone is still speaking.</summary>
    public static Decision Decide(SessionState session, Actor actor, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("The session is not open.");
        if (session.Queue.IsEmpty) return Problems.Conflict("Nobody is waiting for the floor.");
        var next = new FloorGiven(session.Id, session.Queue[0], actor.Id, now);
        return session.CurrentSpeaker is { } turn
            ? Decision.Append(new SpeakingTurnEnded(session.Id, turn.DelegateId, actor.Id, now), next)
            : Decision.Append(next);
    }

    [WolverinePost("/api/sessions/{id}/speakers/next", Name = "GiveFloor"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, _) => new FloorHolder(after.Id, after.CurrentSpeaker!.DelegateId));
}
