using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Statements;

public sealed record PublicationAnswer(Guid StatementId, int Revision, Guid[] Signatories, DateTimeOffset PublishedAt);

public static class PublishStatementEndpoint
{
    /// <summary>
    /// Publishing freezes the current revision; its signatories are exactly the movements that
    /// signed that revision (signatures of earlier revisions stay on record but do not count).
    /// </summary>
    public static Decision Decide(StatementView? statement, Guid statementId, Actor actor, DateTimeOffset now)
    {
        if (statement is null) return StatementAccess.NotFound(statementId);
        if (!StatementAccess.MaySteer(statement, actor))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may publish this statement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.Status != StatementStatus.Open) return Problems.Conflict("Open the statement for signature before publishing it.");
        var signatories = statement.Supporters().Select(s => s.MovementId).ToArray();
        if (signatories.Length == 0)
            return Problems.Conflict($"No movement has signed revision {statement.Revision}, the current text; a statement needs at least one signatory.");
        return Decision.Append(new StatementPublished(statement.Id, statement.Revision, signatories, actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/publication", Name = "PublishStatement"), Authorize]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var (_, decision) = await StatementStream.DecideAsync(session, id, s => Decide(s, id, actor, now), cancellationToken);
        if (decision.Refusal is { } refusal) return Results.Problem(refusal);
        var published = (StatementPublished)decision.Events[0];
        return Results.Ok(new PublicationAnswer(id, published.Revision, published.Signatories, published.At));
    }
}
