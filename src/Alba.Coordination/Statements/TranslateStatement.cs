namespace Alba.Coordination.Statements;

/// <summary>A translation of revision <paramref name="SourceRevision"/>; it replaces any earlier translation into the same language.</summary>
public sealed record TranslateStatement(string Language, string Title, string Body, int SourceRevision);

public sealed record TranslationAnswer(Guid StatementId, string Language, int SourceRevision, bool Stale);

public static class TranslateStatementEndpoint
{
    public static ProblemDetails Validate(TranslateStatement command) => new Validation()
        .Language(command.Language)
        .Required(command.Title, "title", StatementText.MaxTitle)
        .Required(command.Body, "body", StatementText.MaxBody)
        .Check(command.SourceRevision >= 1, "sourceRevision", "'sourceRevision' is required: the revision this text translates.")
        .ToProblem();

    /// <summary>
    /// The involved movements (initiator and signatories) and organisers translate. A translation of
    /// an older revision is accepted (translators lag behind) and shown as stale.
    /// </summary>
    public static Decision Decide(StatementState statement, TranslateStatement command, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsOrganiser && !StatementAccess.IsInvolved(statement.InvolvedMovementIds, actor))
            return Problems.Forbidden("Only the initiating or a signing movement, or an organiser, may translate this statement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        var language = command.Language.Trim();
        if (language == statement.Language) return Problems.Conflict($"The statement is written in '{language}'; a translation needs another language.");
        if (command.SourceRevision > statement.Revision) return StatementAccess.NotCurrent(statement, command.SourceRevision, "translate");
        return Decision.Append(new StatementTranslated(statement.Id, language, command.Title.Trim(), command.Body.Trim(),
            command.SourceRevision, actor.Id, now));
    }

    /// <summary>No decision reads translations, so the write model keeps none: the answer is the translation recorded, judged against the revision after it.</summary>
    [WolverinePost("/api/statements/{id}/translations", Name = "TranslateStatement"), Authorize]
    public static Task<IResult> Post(TranslateStatement command, [LockedStream("statement")] IEventStream<StatementState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()), (after, decision) =>
        {
            var translated = (StatementTranslated)decision.Events[0];
            return new TranslationAnswer(after.Id, translated.Language, translated.SourceRevision,
                StatementRules.IsStale(translated.SourceRevision, after.Revision));
        }, createdAt: $"/api/statements/{stream.Id}");
}
