namespace Alba.Coordination.Accounts;

/// <summary>The account's access after the command; <c>Changed</c> is false for a repeat.</summary>
public sealed record AccountAccessAnswer(Guid AccountId, string Role, Guid? MovementId, DateTimeOffset DeactivatedAt, bool Changed);

public static class DeactivateAccountEndpoint
{
    // A check, not a Decide: accounts are documents (personal data, kept out of events), not streams.
    /// <summary>An organiser may end any account's access but its own, so the secretariat cannot lock itself out by mistake.</summary>
    public static ProblemDetails CheckDeactivatable(Account account, Actor actor) =>
        account.Id == actor.Id
            ? Problems.Conflict("You cannot deactivate your own account: ask another organiser to do it.")
            : Problems.Ok;

    /// <summary>
    /// Ends an account's access: it can no longer sign in, every token it holds stops at once and its live connections
    /// close (<see cref="AccessChangeListener"/>). A representative stays listed on its movement until it is withdrawn
    /// (<c>POST /api/movements/{id}/representatives/{accountId}/withdrawal</c>).
    /// </summary>
    [WolverinePost("/api/accounts/{id}/deactivation", Name = "DeactivateAccount"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var account = await session.LoadAsync<Account>(id);
        if (account is null) return Results.Problem(Problems.NotFound($"No account has id {id}."));
        var problem = CheckDeactivatable(account, user.Actor());
        if (!Problems.IsOk(problem)) return Results.Problem(problem);

        var changed = account.DeactivatedAt is null;
        if (changed)
        {
            account.EndAccess(clock.GetUtcNow());
            session.Store(account);
        }
        return Results.Ok(new AccountAccessAnswer(account.Id, account.Role, account.MovementId, account.DeactivatedAt!.Value, changed));
    }
}
