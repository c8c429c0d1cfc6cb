using System.Security.Claims;
using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Movements;

public sealed record AppointRepresentative(string FullName, string Email);

public sealed record RepresentativeInvited(Guid MovementId, Guid RepresentativeId, string InvitationCode, DateTimeOffset ExpiresAt)
    : CreationResponse($"/api/movements/{MovementId}");

public static class AppointRepresentativeEndpoint
{
    public static ProblemDetails Validate(AppointRepresentative command) => new Validation()
        .Required(command.FullName, "fullName")
        .Email(command.Email)
        .ToProblem();

    public static async Task<ProblemDetails> Before(Guid id, AppointRepresentative command, IQuerySession session)
    {
        if (await session.LoadAsync<MovementView>(id) is null) return Problems.NotFound($"No movement has id {id}.");
        var email = Validation.NormaliseEmail(command.Email);
        return await session.Query<Account>().AnyAsync(a => a.Email == email)
            ? Problems.Conflict($"An account with email '{email}' already exists.")
            : Problems.Ok;
    }

    /// <summary>
    /// Creates the representative's account (inactive until the invitation is accepted) and
    /// records the appointment on the movement's stream, in one transaction.
    /// </summary>
    [WolverinePost("/api/movements/{id}/representatives", Name = "AppointRepresentative"), Authorize(Roles = Roles.Organiser)]
    public static RepresentativeInvited Post(Guid id, AppointRepresentative command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, IConfiguration configuration)
    {
        var now = clock.GetUtcNow();
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            Email = Validation.NormaliseEmail(command.Email),
            FullName = command.FullName.Trim(),
            Role = Roles.Representative,
            MovementId = id,
            CreatedAt = now,
        };
        var code = Secrets.NewCode();
        var expires = now.AddDays(configuration.GetValue("Alba:Invitations:ValidDays", 14));
        session.Insert(account);
        session.Insert(new Invitation { Id = Secrets.Hash(code), AccountId = account.Id, ExpiresAt = expires });
        session.Events.Append(id, new RepresentativeAppointed(id, account.Id, user.Actor().Id, now));
        return new RepresentativeInvited(id, account.Id, code, expires);
    }
}
