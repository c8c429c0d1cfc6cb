using Alba.Coordination.Accounts;
using Alba.Coordination.Privacy;

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

    /// <summary>The refusal does not repeat the e-mail: problem details reach logs and replay records.</summary>
    public static async Task<ProblemDetails> Before(AppointRepresentative command, IQuerySession session, PersonalVault vault) =>
        await AccountPeople.WithEmail(session, vault, command.Email) is not null
            ? Problems.Conflict("An account with this e-mail already exists.")
            : Problems.Ok;

    public static Decision Decide(MovementState movement, Guid representativeId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new RepresentativeAppointed(movement.Id, representativeId, actor.Id, now));

    /// <summary>
    /// Creates the representative's account (inactive until the invitation is accepted) and records the appointment on
    /// the movement's locked stream, in one transaction: appended at a known version, so the inline view stores the
    /// same version live as a rebuild does. The answer is the invitation, at the movement.
    /// </summary>
    [WolverinePost("/api/movements/{id}/representatives", Name = "AppointRepresentative"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(AppointRepresentative command, [LockedStream("movement")] IEventStream<MovementState> movement,
        ClaimsPrincipal user, IDocumentSession session, PersonalVault vault, TimeProvider clock, IConfiguration configuration)
    {
        var now = clock.GetUtcNow();
        var (account, key) = await AccountPeople.New(vault, Guid.CreateVersion7(), command.FullName, command.Email, Roles.Representative,
            movement.Id, now);
        var code = Secrets.NewCode();
        var expires = now.AddDays(configuration.GetValue("Alba:Invitations:ValidDays", 14));
        session.Insert(key);
        session.Insert(account);
        session.Insert(new Invitation { Id = Secrets.Hash(code), AccountId = account.Id, ExpiresAt = expires });
        return await session.Decide(movement, state => Decide(state, account.Id, user.Actor(), now),
            (after, _) => new AppointmentAnswer(after.Id, account.Id, code, expires), createdAt: $"/api/movements/{movement.Id}");
    }
}
