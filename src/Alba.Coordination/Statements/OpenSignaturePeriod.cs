using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Statements;

/// <summary>Opens the statement for signature, until <paramref name="ClosesAt"/> when set; sent again, it moves or lifts the closing time.</summary>
public sealed record OpenSignaturePeriod(DateTimeOffset? ClosesAt);

public sealed record SignaturePeriodAnswer(Guid StatementId, string Status, DateTimeOffset? ClosesAt);

public static class OpenSignaturePeriodEndpoint
{
    public static Decision Decide(StatementView? statement, OpenSignaturePeriod command, Guid statementId, Actor actor, DateTimeOffset now)
    {
        if (statement is null) return StatementAccess.NotFound(statementId);
        if (!StatementAccess.MaySteer(statement, actor))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may open this statement for signature.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (command.ClosesAt <= now) return Problems.Invalid("closesAt", $"'closesAt' must be in the future (it is now {now:O}).");
        if (statement.AcceptsSignaturesAt(now) && statement.SignaturesCloseAt == command.ClosesAt) return Decision.Nothing;
        return Decision.Append(new SignaturePeriodOpened(statement.Id, command.ClosesAt?.ToUniversalTime(), actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/signature-opening", Name = "OpenSignaturePeriod"), Authorize]
    public static async Task<IResult> Post(Guid id, OpenSignaturePeriod command, ClaimsPrincipal user, IDocumentSession session,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var (_, decision) = await StatementStream.DecideAsync(session, id, s => Decide(s, command, id, actor, now), cancellationToken);
        return decision.Refusal is { } refusal
            ? Results.Problem(refusal)
            : Results.Ok(new SignaturePeriodAnswer(id, "open", command.ClosesAt?.ToUniversalTime()));
    }
}
