using Alba.Coordination.Privacy;

namespace Alba.Coordination.Accounts;

/// <summary>The erasure of an organiser's or a representative's personal data, on the person's request.</summary>
public sealed record EraseAccount(string Reason);

public sealed record AccountErasureAnswer(Guid AccountId, DateTimeOffset ErasedAt);

public static class EraseAccountEndpoint
{
    public static ProblemDetails Validate(EraseAccount command) => new Validation()
        .Required(command.Reason, "reason", ErasePersonalDataEndpoint.MaxReasonLength)
        .ToProblem();

    // A check, not a Decide: accounts are documents (personal data, kept out of events), not streams.
    /// <summary>Once only (the first erasure is the record), and never one's own account (the secretariat keeps a way in).</summary>
    /// <remarks>Each refusal names itself in <c>refusal</c> (<see cref="OwnAccount"/>, <see cref="AlreadyErased"/>), so the console
    /// says it in its reader's language.</remarks>
    public static ProblemDetails CheckErasable(Account account, Actor actor)
    {
        if (account.Id == actor.Id) return Named(OwnAccount, Problems.Conflict("You cannot erase your own account: ask another organiser to do it."));
        if (account.ErasedAt is not null) return Named(AlreadyErased, Problems.Conflict("This account's personal data was already erased."));
        return Problems.Ok;
    }

    public const string OwnAccount = "ownAccount", AlreadyErased = "alreadyErased";

    private static ProblemDetails Named(string refusal, ProblemDetails problem)
    {
        problem.Extensions["refusal"] = refusal;
        return problem;
    }

    /// <summary>
    /// Deletes the account's key (its sealed name and e-mail become unreadable), removes the e-mail's blind index (the
    /// e-mail may be invited again, as a new account) and ends the account's access, in one transaction. The account's id
    /// stays, so every event that names it as actor still reads.
    /// </summary>
    [WolverinePost("/api/accounts/{id}/erasure", Name = "EraseAccount"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, EraseAccount command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var account = await session.LoadAsync<Account>(id);
        if (account is null) return Results.Problem(Problems.NotFound($"No account has id {id}."));
        var actor = user.Actor();
        var problem = CheckErasable(account, actor);
        if (!Problems.IsOk(problem)) return Results.Problem(problem);

        var now = clock.GetUtcNow();
        if (account.DeactivatedAt is null) account.EndAccess(now);
        account.EmailIndex = null;
        account.ErasedAt = now;
        account.ErasedBy = actor.Id;
        account.ErasureReason = command.Reason.Trim();
        session.Store(account);
        session.Delete<PersonalDataKey>(account.Id);
        return Results.Ok(new AccountErasureAnswer(account.Id, now));
    }
}
