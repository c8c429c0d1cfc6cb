namespace Alba.Coordination.Sessions;

/// <summary>The language the hall's projector shows the session in.</summary>
public sealed record SetSessionLanguage(string Language);

public sealed record SessionLanguageAnswer(Guid SessionId, string Language);

public static class SetSessionLanguageEndpoint
{
    /// <summary>The web app's languages: the platform's working language first.</summary>
    public static readonly string[] Languages = ["es", "en", "pt", "fr"];

    public static ProblemDetails Validate(SetSessionLanguage command) => new Validation()
        .Check(Languages.Contains(command.Language), "language", $"'language' must be one of: {string.Join(", ", Languages)}.")
        .ToProblem();

    /// <summary>The chair picks the projector's language (the rule of every session setting: <see cref="SessionSettings.Change"/>).</summary>
    public static Decision Decide(SessionState session, SetSessionLanguage command, Actor actor, DateTimeOffset now) =>
        SessionSettings.Change(session, session.Language, command.Language,
            () => new SessionLanguageSet(session.Id, session.AssemblyId, command.Language, actor.Id, now));

    [WolverinePut("/api/sessions/{id}/language", Name = "SetSessionLanguage"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Put(SetSessionLanguage command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SessionLanguageAnswer(after.Id, after.Language!));
}
