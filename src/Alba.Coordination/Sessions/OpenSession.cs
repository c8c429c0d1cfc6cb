namespace Alba.Coordination.Sessions;

/// <summary>The session's status after a chair's opening or adjournment.</summary>
public sealed record SessionStatusAnswer(Guid SessionId, SessionStatus Status);

public static class OpenSessionEndpoint
{
    /// <summary>Opens a scheduled session, or resumes an adjourned one.</summary>
    public static Decision Decide(SessionState session, Actor actor, DateTimeOffset now) =>
        session.Status == SessionStatus.Open
            ? Problems.Conflict("The session is already open.")
            : Decision.Append(new SessionOpened(session.Id, session.AssemblyId, actor.Id, now));

    [WolverinePost("/api/sessions/{id}/opening", Name = "OpenSession"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SessionStatusAnswer(after.Id, after.Status));
}
