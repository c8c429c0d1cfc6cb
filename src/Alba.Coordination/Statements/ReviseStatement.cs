namespace Alba.Coordination.Statements;

/// <summary>A new text on top of <paramref name="BaseRevision"/>, the revision its author read; <paramref name="Title"/> stays when omitted.</summary>
public sealed record ReviseStatement(string? Title, string Body, string? Note, int BaseRevision);

public sealed record StatementRevisionAnswer(Guid StatementId, int Revision);

public static class ReviseStatementEndpoint
{
    public static ProblemDetails Validate(ReviseStatement command) => new Validation()
        .Check(command.Title is null || !string.IsNullOrWhiteSpace(command.Title), "title", "'title' may be omitted but not blank.")
        .Check(command.Title is null || command.Title.Length <= StatementText.MaxTitle, "title", $"'title' must be at most {StatementText.MaxTitle} characters.")
        .Required(command.Body, "body", StatementText.MaxBody)
        .Check(command.Note is null || command.Note.Length <= StatementText.MaxNote, "note", $"'note' must be at most {StatementText.MaxNote} characters.")
        .Check(command.BaseRevision >= 1, "baseRevision", "'baseRevision' is required: the revision the new text was written on.")
        .ToProblem();

    /// <summary>
    /// The base revision is the client's expected version: a text written on anything but the
    /// current revision would silently undo someone's change, so it is refused naming the current one.
    /// </summary>
    public static Decision Decide(StatementState statement, ReviseStatement command, Actor actor, DateTimeOffset now)
    {
        if (!StatementAccess.MaySteer(statement, actor))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may revise this statement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (command.BaseRevision != statement.Revision) return StatementAccess.NotCurrent(statement, command.BaseRevision, "revise");
        return Decision.Append(new StatementRevised(statement.Id, statement.Revision + 1, command.Title?.Trim() ?? statement.Title,
            command.Body.Trim(), string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), actor.Id, now));
    }

    /// <summary>
    /// Writers of one statement queue on its stream lock, so of two revisions on the same base the
    /// second sees the first and is refused naming the current revision (see docs/statements.md).
    /// </summary>
    [WolverinePost("/api/statements/{id}/revisions", Name = "ReviseStatement"), Authorize]
    public static Task<IResult> Post(ReviseStatement command, [LockedStream("statement")] IEventStream<StatementState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new StatementRevisionAnswer(after.Id, after.Revision), createdAt: $"/api/statements/{stream.Id}");
}
