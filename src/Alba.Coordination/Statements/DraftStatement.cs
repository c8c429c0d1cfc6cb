using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Alba.Coordination.Statements;

public sealed record DraftStatement(string Title, string Body, string Language, Guid InitiatingMovementId);

public sealed record StatementCreated(Guid StatementId, int Revision, string Status) : CreationResponse($"/api/statements/{StatementId}");

public static class DraftStatementEndpoint
{
    public static ProblemDetails Validate(DraftStatement command) => new Validation()
        .Required(command.Title, "title", StatementText.MaxTitle)
        .Required(command.Body, "body", StatementText.MaxBody)
        .Language(command.Language)
        .NotEmpty(command.InitiatingMovementId, "initiatingMovementId")
        .ToProblem();

    public static async Task<ProblemDetails> Before(DraftStatement command, ClaimsPrincipal user, IQuerySession session)
    {
        if (!user.Actor().MaySpeakFor(command.InitiatingMovementId))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may draft a statement for it.");
        return await session.LoadAsync<MovementView>(command.InitiatingMovementId) is null
            ? Problems.NotFound($"No movement has id {command.InitiatingMovementId}.")
            : Problems.Ok;
    }

    public static StatementDrafted Decide(DraftStatement command, Guid statementId, Actor actor, DateTimeOffset now) =>
        new(statementId, command.InitiatingMovementId, command.Title.Trim(), command.Body.Trim(), command.Language.Trim(), actor.Id, now);

    [WolverinePost("/api/statements", Name = "DraftStatement"), Authorize]
    public static (StatementCreated, IStartStream) Post(DraftStatement command, ClaimsPrincipal user, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var drafted = Decide(command, id, user.Actor(), clock.GetUtcNow());
        return (new StatementCreated(id, 1, "draft"), MartenOps.StartStream<StatementView>(id, drafted));
    }
}
