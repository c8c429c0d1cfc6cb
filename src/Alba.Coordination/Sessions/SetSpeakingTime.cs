namespace Alba.Coordination.Sessions;

/// <summary>The limit of one turn at the floor in seconds; 0 removes the limit.</summary>
public sealed record SetSpeakingTime(int Seconds);

public sealed record SpeakingTimeAnswer(Guid SessionId, int Seconds);

public static class SetSpeakingTimeEndpoint
{
    public const int MaxSeconds = 3600;

    public static ProblemDetails Validate(SetSpeakingTime command) => new Validation()
        .Check(command.Seconds is >= 0 and <= MaxSeconds, "seconds", $"'seconds' must be 0 (no limit) to {MaxSeconds}.")
        .ToProblem();

    /// <summary>
    /// The chair sets the turn's limit before or during the session; it applies to the running turn too, since every screen counts
    /// down from the turn's start (the rule of every session setting: <see cref="SessionSettings.Change"/>).
    /// </summary>
    public static Decision Decide(SessionState session, SetSpeakingTime command, Actor actor, DateTimeOffset now) =>
        SessionSettings.Change(session, session.SpeakingTimeSeconds, command.Seconds,
            () => new SpeakingTimeSet(session.Id, session.AssemblyId, command.Seconds, actor.Id, now));

    [WolverinePut("/api/sessions/{id}/speaking-time", Name = "SetSpeakingTime"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Put(SetSpeakingTime command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SpeakingTimeAnswer(after.Id, after.SpeakingTimeSeconds));
}
