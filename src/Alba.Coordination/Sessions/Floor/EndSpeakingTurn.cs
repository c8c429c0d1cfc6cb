namespace Alba.Coordination.Sessions;

/// <summary>The turn that just ended, timed by the events that gave and ended it.</summary>
public sealed record SpeakingTurnAnswer(Guid SessionId, Guid DelegateId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double Seconds);

public static class EndSpeakingTurnEndpoint
{
    public static Decision Decide(SessionState session, Actor actor, DateTimeOffset now) =>
        session.CurrentSpeaker is { } turn
            ? Decision.Append(new SpeakingTurnEnded(session.Id, turn.DelegateId, actor.Id, now))
            : Problems.Conflict("Nobody has the floor.");

    [WolverinePost("/api/sessions/{id}/speakers/current/end", Name = "EndSpeakingTurn"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()), (after, _) =>
        {
            var turn = after.LastTurn!;
            return new SpeakingTurnAnswer(after.Id, turn.DelegateId, turn.StartedAt, turn.EndedAt!.Value, turn.Seconds!.Value);
        });
}
