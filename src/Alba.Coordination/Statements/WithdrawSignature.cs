using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Statements;

public sealed record SignatureWithdrawalAnswer(Guid StatementId, Guid MovementId, int WithdrawnRevision);

public static class WithdrawSignatureEndpoint
{
    public static Decision Decide(StatementView? statement, Guid statementId, Guid movementId, Actor actor, DateTimeOffset now)
    {
        if (statement is null) return StatementAccess.NotFound(statementId);
        if (!actor.Represents(movementId))
            return Problems.Forbidden("Only the movement's own representative may withdraw its signature.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.SignatureOf(movementId) is null) return Problems.NotFound("This movement has no signature on this statement.");
        return Decision.Append(new StatementSignatureWithdrawn(statement.Id, movementId, actor.Id, now));
    }

    [WolverineDelete("/api/statements/{id}/signatures/{movementId}", Name = "WithdrawSignature"), Authorize]
    public static async Task<IResult> Delete(Guid id, Guid movementId, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var (statement, decision) = await StatementStream.DecideAsync(session, id, s => Decide(s, id, movementId, actor, now), cancellationToken);
        return decision.Refusal is { } refusal
            ? Results.Problem(refusal)
            : Results.Ok(new SignatureWithdrawalAnswer(id, movementId, statement!.SignatureOf(movementId)!.Revision));
    }
}
