namespace Alba.Coordination.Statements;

/// <summary>Opens the statement for signature, until <paramref name="ClosesAt"/> when set; sent again, it moves or lifts the closing time.</summary>
public sealed record OpenSignaturePeriod(DateTimeOffset? ClosesAt);

public sealed record SignaturePeriodAnswer(Guid StatementId, StatementStatus Status, DateTimeOffset? ClosesAt);

public static class OpenSignaturePeriodEndpoint
{
    public static Decision Decide(StatementState statement, OpenSignaturePeriod command, Actor actor, DateTimeOffset now)
    {
        if (!StatementAccess.MaySteer(statement, actor))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may open this statement for signature.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (command.ClosesAt <= now) return Problems.Invalid("closesAt", $"'closesAt' must be in the future (it is now {now:O}).");
        if (statement.AcceptsSignaturesAt(now) && statement.SignaturesCloseAt == command.ClosesAt) return Decision.Nothing;
        return Decision.Append(new SignaturePeriodOpened(statement.Id, command.ClosesAt?.ToUniversalTime(), actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/signature-opening", Name = "OpenSignaturePeriod"), Authorize]
    public static Task<IResult> Post(OpenSignaturePeriod command, [LockedStream("statement")] IEventStream<StatementState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SignaturePeriodAnswer(after.Id, after.Status, after.SignaturesCloseAt));
}
