using Alba.Coordination.Movements;

namespace Alba.Coordination.Statements;

public sealed record DraftStatement(string Title, string Body, string Language, Guid InitiatingMovementId);

public sealed record StatementCreated(Guid StatementId, int Revision, StatementStatus Status);

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

    public static Decision Decide(DraftStatement command, Guid statementId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new StatementDrafted(statementId, command.InitiatingMovementId, command.Title.Trim(), command.Body.Trim(),
            command.Language.Trim(), actor.Id, now));

    /// <summary>A new stream under a fresh GUID v7: nothing to lock, nothing to race.</summary>
    [WolverinePost("/api/statements", Name = "DraftStatement"), Authorize]
    public static IResult Post(DraftStatement command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var decision = Decide(command, id, user.Actor(), clock.GetUtcNow());
        var draft = StatementState.Create((StatementDrafted)decision.Events[0]);
        return session.Started<StatementState>(id, decision, $"/api/statements/{id}", new StatementCreated(id, draft.Revision, draft.Status));
    }
}
