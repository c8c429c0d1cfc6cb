using Alba.Coordination.Privacy;
using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Accounts;

public sealed record AcceptInvitation(string Password);

/// <summary>The account the invitation activated.</summary>
public sealed record AcceptanceAnswer(Guid AccountId, string? Email, string Role, Guid? MovementId);

public static class AcceptInvitationEndpoint
{
    public static ProblemDetails Validate(AcceptInvitation command) => Passwords.Check(new Validation(), command.Password).ToProblem();

    // A check, not a Decide: invitations and accounts are documents (personal data, kept out of events), not streams.
    /// <summary>Why this invitation may not be accepted at this time, or <see cref="Problems.Ok"/> when it may.</summary>
    public static ProblemDetails CheckAcceptable(Invitation invitation, DateTimeOffset now)
    {
        if (invitation.AcceptedAt is not null) return Problems.Conflict("This invitation has already been used.");
        if (invitation.ExpiresAt <= now) return Problems.Gone("This invitation has expired; ask an organiser for a new one.");
        return Problems.Ok;
    }

    [WolverinePost("/api/auth/invitations/{code}/acceptance", Name = "AcceptInvitation"), EnableRateLimiting(RateLimits.Auth)]
    public static async Task<IResult> Post(string code, AcceptInvitation command, IDocumentSession session,
        PersonalVault vault, Passwords passwords, TimeProvider clock)
    {
        var invitation = await session.LoadAsync<Invitation>(Secrets.Hash(code));
        if (invitation is null) return Results.Problem(Problems.NotFound("No invitation has this code."));
        var account = await session.LoadAsync<Account>(invitation.AccountId);
        if (account is null) return Results.Problem(Problems.NotFound("No invitation has this code."));

        var now = clock.GetUtcNow();
        var problem = account.DeactivatedAt is not null
            ? Problems.Gone("This invitation was withdrawn by an organiser.")
            : CheckAcceptable(invitation, now);
        if (!Problems.IsOk(problem)) return Results.Problem(problem);

        invitation.AcceptedAt = now;
        account.PasswordHash = passwords.Hash(account, command.Password);
        account.ActivatedAt = now;
        account.Stamp = Secrets.NewStamp();
        session.Store(invitation);
        session.Store(account);
        var person = await AccountPeople.Read(session, vault, account);
        return Results.Ok(new AcceptanceAnswer(account.Id, person.Email, account.Role, account.MovementId));
    }
}
