namespace Alba.Coordination.Statements;

public sealed record SignatureWithdrawalAnswer(Guid StatementId, Guid MovementId, int WithdrawnRevision);

public static class WithdrawSignatureEndpoint
{
    public static Decision Decide(StatementState statement, Guid movementId, Actor actor, DateTimeOffset now)
    {
        if (!actor.Represents(movementId))
            return Problems.Forbidden("Only the movement's own representative may withdraw its signature.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.SignatureOf(movementId) is null) return Problems.NotFound("This movement has no signature on this statement.");
        return Decision.Append(new StatementSignatureWithdrawn(statement.Id, movementId, actor.Id, now));
    }

    [WolverineDelete("/api/statements/{id}/signatures/{movementId}", Name = "WithdrawSignature"), Authorize]
    public static Task<IResult> Delete(Guid movementId, [LockedStream("statement", "id")] IEventStream<StatementState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        // After the withdrawal the signature is gone from the state; the revision it was on is read under the lock, before.
        var withdrawn = stream.Loaded().SignatureOf(movementId);
        return session.Decide(stream, state => Decide(state, movementId, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SignatureWithdrawalAnswer(after.Id, movementId, withdrawn!.Revision));
    }
}
