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

    /// <summary>The chair picks the projector's language; the same one again records nothing; an adjourned session keeps its own.</summary>
    public static Decision Decide(SessionState session, SetSessionLanguage command, Actor actor, DateTimeOffset now)
    {
        if (session.Status == SessionStatus.Adjourned) return Problems.Conflict("The session is adjourned.");
        if (session.Language == command.Language) return Decision.Nothing;
        return Decision.Append(new SessionLanguageSet(session.Id, session.AssemblyId, command.Language, actor.Id, now));
    }

    [WolverinePut("/api/sessions/{id}/language", Name = "SetSessionLanguage"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Put(SetSessionLanguage command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SessionLanguageAnswer(after.Id, after.Language!));
}
