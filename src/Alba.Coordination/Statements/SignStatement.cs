namespace Alba.Coordination.Statements;

/// <summary>A movement signs <paramref name="Revision"/>, the text its representative read; it must be the current one.</summary>
public sealed record SignStatement(Guid MovementId, int Revision);

/// <summary>The movement's signature as it stands after the command: a repeat answers the signature already on record.</summary>
public sealed record SignatureAnswer(Guid StatementId, Guid MovementId, int Revision, DateTimeOffset SignedAt);

public static class SignStatementEndpoint
{
    public static ProblemDetails Validate(SignStatement command) => new Validation()
        .NotEmpty(command.MovementId, "movementId")
        .Check(command.Revision >= 1, "revision", "'revision' is required: the revision being signed.")
        .ToProblem();

    /// <summary>
    /// One signature per movement per revision: signing the revision already signed changes nothing;
    /// signing the current revision after an earlier one re-confirms support for the current text.
    /// </summary>
    public static Decision Decide(StatementState statement, SignStatement command, Actor actor, DateTimeOffset now)
    {
        if (!actor.Represents(command.MovementId))
            return Problems.Forbidden("A movement signs through its own representative; you do not represent this movement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.Status != StatementStatus.Open) return Problems.Conflict("The statement is not open for signature yet.");
        if (!statement.AcceptsSignaturesAt(now)) return Problems.Conflict($"The signature period closed at {statement.SignaturesCloseAt:O}.");
        if (command.Revision != statement.Revision) return StatementAccess.NotCurrent(statement, command.Revision, "sign");
        if (statement.SignatureOf(command.MovementId)?.Revision == command.Revision) return Decision.Nothing;
        return Decision.Append(new StatementSigned(statement.Id, command.MovementId, command.Revision, actor.Id, now));
    }

    /// <summary>
    /// Signatures of different movements queue on the statement's stream lock instead of failing each
    /// other; the same movement signing twice at once signs once (the second sees the first).
    /// </summary>
    [WolverinePost("/api/statements/{id}/signatures", Name = "SignStatement"), Authorize]
    public static Task<IResult> Post(SignStatement command, [LockedStream("statement")] IEventStream<StatementState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()), (after, _) =>
        {
            var signature = after.SignatureOf(command.MovementId)!;
            return new SignatureAnswer(after.Id, signature.MovementId, signature.Revision, signature.SignedAt);
        }, createdAt: $"/api/statements/{stream.Id}");
}
