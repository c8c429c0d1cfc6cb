using Alba.Coordination.Accounts;

namespace Alba.Coordination.Movements;

/// <summary>The representative's standing after the command; <c>Changed</c> is false for a repeat that appended nothing.</summary>
public sealed record RepresentativeWithdrawalAnswer(Guid MovementId, Guid RepresentativeId, DateTimeOffset WithdrawnAt, bool Changed);

public static class WithdrawRepresentativeEndpoint
{
    /// <summary>Only a representative appointed for this movement can be withdrawn from it; again is a no-op.</summary>
    public static Decision Decide(MovementState movement, Guid accountId, Account? account, Actor actor, DateTimeOffset now)
    {
        if (account is not { Role: Roles.Representative } || account.MovementId != movement.Id)
            return Problems.NotFound($"Movement {movement.Id} has no representative with id {accountId}.");
        return account.DeactivatedAt is null
            ? Decision.Append(new RepresentativeWithdrawn(movement.Id, account.Id, actor.Id, now))
            : Decision.Nothing;
    }

    /// <summary>
    /// Takes a representative's access away: the appointment ends on the movement's locked stream and the account is
    /// deactivated in the same transaction, which ends every token it holds at once and closes its live connections
    /// (<see cref="AccessChangeListener"/>).
    /// </summary>
    [WolverinePost("/api/movements/{id}/representatives/{accountId}/withdrawal", Name = "WithdrawRepresentative"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid accountId, [LockedStream("movement")] IEventStream<MovementState> movement,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var account = await session.LoadAsync<Account>(accountId);
        var decision = Decide(movement.Loaded(), accountId, account, user.Actor(), now);
        if (decision.Changes)
        {
            account!.EndAccess(now);
            session.Store(account);
        }
        return await session.Decide(movement, _ => decision,
            (after, _) => new RepresentativeWithdrawalAnswer(after.Id, accountId, account!.DeactivatedAt!.Value, decision.Changes));
    }
}
