using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Statements;

/// <summary>A movement signs <paramref name="Revision"/>, the text its representative read; it must be the current one.</summary>
public sealed record SignStatement(Guid MovementId, int Revision);

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
    public static Decision Decide(StatementView? statement, SignStatement command, Guid statementId, Actor actor, DateTimeOffset now)
    {
        if (statement is null) return StatementAccess.NotFound(statementId);
        if (!actor.Represents(command.MovementId))
            return Problems.Forbidden("A movement signs through its own representative; you do not represent this movement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.Status != StatementStatus.Open) return Problems.Conflict("The statement is not open for signature yet.");
        if (!statement.AcceptsSignaturesAt(now)) return Problems.Conflict($"The signature period closed at {statement.SignaturesCloseAt:O}.");
        if (command.Revision != statement.Revision) return StatementAccess.NotCurrent(statement, command.Revision, "sign");
        if (statement.SignatureOf(command.MovementId)?.Revision == command.Revision) return Decision.Nothing;
        return Decision.Append(new StatementSigned(statement.Id, command.MovementId, command.Revision, actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/signatures", Name = "SignStatement"), Authorize]
    public static async Task<IResult> Post(Guid id, SignStatement command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var (statement, decision) = await StatementStream.DecideAsync(session, id, s => Decide(s, command, id, actor, now), cancellationToken);
        if (decision.Refusal is { } refusal) return Results.Problem(refusal);
        if (decision.Events.Count == 0)
        {
            var existing = statement!.SignatureOf(command.MovementId)!;
            return Results.Ok(new SignatureAnswer(id, command.MovementId, existing.Revision, existing.SignedAt));
        }
        return Results.Created($"/api/statements/{id}", new SignatureAnswer(id, command.MovementId, command.Revision, now));
    }
}
