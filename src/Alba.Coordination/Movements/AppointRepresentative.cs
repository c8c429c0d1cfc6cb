using Alba.Coordination.Accounts;

namespace Alba.Coordination.Movements;

public sealed record AppointRepresentative(string FullName, string Email);

/// <summary>The new representative's account and the one-time code that activates it (shown once, stored only hashed).</summary>
public sealed record AppointmentAnswer(Guid MovementId, Guid RepresentativeId, string InvitationCode, DateTimeOffset ExpiresAt);

public static class AppointRepresentativeEndpoint
{
    public static ProblemDetails Validate(AppointRepresentative command) => new Validation()
        .Name(command.FullName, "fullName")
        .Email(command.Email)
        .ToProblem();

    public static async Task<ProblemDetails> Before(AppointRepresentative command, IQuerySession session)
    {
        var email = Validation.NormaliseEmail(command.Email);
        return await session.Query<Account>().AnyAsync(a => a.Email == email)
            ? Problems.Conflict($"An account with email '{email}' already exists.")
            : Problems.Ok;
    }

    public static Decision Decide(MovementState movement, Guid representativeId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new RepresentativeAppointed(movement.Id, representativeId, actor.Id, now));

    /// <summary>
    /// Creates the representative's account (inactive until the invitation is accepted) and records the appointment on
    /// the movement's locked stream, in one transaction: appended at a known version, so the inline view stores the
    /// same version live as a rebuild does. The answer is the invitation, at the movement.
    /// </summary>
    [WolverinePost("/api/movements/{id}/representatives", Name = "AppointRepresentative"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(AppointRepresentative command, [LockedStream("movement")] IEventStream<MovementState> movement,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, IConfiguration configuration)
    {
        var now = clock.GetUtcNow();
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            Email = Validation.NormaliseEmail(command.Email),
            FullName = command.FullName.Trim(),
            Role = Roles.Representative,
            MovementId = movement.Id,
            CreatedAt = now,
        };
        var code = Secrets.NewCode();
        var expires = now.AddDays(configuration.GetValue("Alba:Invitations:ValidDays", 14));
        session.Insert(account);
        session.Insert(new Invitation { Id = Secrets.Hash(code), AccountId = account.Id, ExpiresAt = expires });
        return session.Decide(movement, state => Decide(state, account.Id, user.Actor(), now),
            (after, _) => new AppointmentAnswer(after.Id, account.Id, code, expires), createdAt: $"/api/movements/{movement.Id}");
    }
}
