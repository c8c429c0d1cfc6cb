using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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
    public static Decision Decide(StatementView? statement, TranslateStatement command, Guid statementId, Actor actor, DateTimeOffset now)
    {
        if (statement is null) return StatementAccess.NotFound(statementId);
        if (!actor.IsOrganiser && !StatementAccess.IsInvolved(statement, actor))
            return Problems.Forbidden("Only the initiating or a signing movement, or an organiser, may translate this statement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        var language = command.Language.Trim();
        if (language == statement.Language) return Problems.Conflict($"The statement is written in '{language}'; a translation needs another language.");
        if (command.SourceRevision > statement.Revision) return StatementAccess.NotCurrent(statement, command.SourceRevision, "translate");
        return Decision.Append(new StatementTranslated(statement.Id, language, command.Title.Trim(), command.Body.Trim(),
            command.SourceRevision, actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/translations", Name = "TranslateStatement"), Authorize]
    public static async Task<IResult> Post(Guid id, TranslateStatement command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var (statement, decision) = await StatementStream.DecideAsync(session, id, s => Decide(s, command, id, actor, now), cancellationToken);
        if (decision.Refusal is { } refusal) return Results.Problem(refusal);
        var translated = (StatementTranslated)decision.Events[0];
        return Results.Created($"/api/statements/{id}",
            new TranslationAnswer(id, translated.Language, translated.SourceRevision, translated.SourceRevision < statement!.Revision));
    }
}
