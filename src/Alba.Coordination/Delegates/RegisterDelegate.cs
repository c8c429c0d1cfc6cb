using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;

namespace Alba.Coordination.Delegates;

public sealed record RegisterDelegate(Guid MovementId, string FullName, string Email, string Country, string[]? Languages, string Role);

public sealed record DelegateCreated(Guid DelegateId);

/// <summary>The places an assembly has given away, counted under its lock.</summary>
public sealed record PlacesTaken(int Total, int DelegatesOfMovement);

public static class RegisterDelegateEndpoint
{
    public const int MaxLanguages = 10;

    public static ProblemDetails Validate(RegisterDelegate command)
    {
        var validation = new Validation()
            .NotEmpty(command.MovementId, "movementId")
            .Name(command.FullName, "fullName")
            .Email(command.Email)
            .Country(command.Country)
            .Check(DelegateRoles.All.Contains(command.Role), "role", $"'role' must be one of {string.Join(", ", DelegateRoles.All)}.");
        if (command.Languages is not { Length: > 0 } languages)
            return validation.Add("languages", "'languages' needs at least one ISO 639-1 code (for example es, pt, en).").ToProblem();
        foreach (var language in languages.Where(l => !Languages.IsIso639_1(l)))
            validation.Add("languages", $"'{language}' is not an ISO 639-1 language code (two lower-case letters, for example es).");
        return validation
            .Check(languages.Length <= MaxLanguages, "languages", $"At most {MaxLanguages} languages.")
            .Check(languages.Distinct().Count() == languages.Length, "languages", "A language is listed twice.")
            .ToProblem();
    }

    public static async Task<ProblemDetails> Before(RegisterDelegate command, ClaimsPrincipal user, IQuerySession session)
    {
        if (!user.Actor().MaySpeakFor(command.MovementId))
            return Problems.Forbidden("Only the movement's representative or an organiser registers its delegation.");
        return await session.LoadAsync<MovementView>(command.MovementId) is null
            ? Problems.Invalid("movementId", $"No movement has id {command.MovementId}.")
            : Problems.Ok;
    }

    /// <summary>
    /// The rules across registrations: the window, the assembly's capacity (every role) and the
    /// movement's quota (role delegate only). Withdrawn and rejected registrations hold no place.
    /// </summary>
    public static Decision Decide(AssemblyState assembly, PlacesTaken taken, bool emailTaken, RegisterDelegate command,
        Guid delegateId, Actor actor, DateTimeOffset now)
    {
        if (assembly.Registration != RegistrationStatus.Open)
            return Problems.Conflict($"Registration for '{assembly.Title}' is {(assembly.Registration == RegistrationStatus.Closed ? "closed" : "not open yet")}.");
        // The refusal does not repeat the e-mail: problem details reach logs and idempotency records, personal data must not.
        if (emailTaken) return Problems.Conflict("This e-mail is already registered for this assembly.");
        if (taken.Total >= assembly.Capacity)
            return Problems.Conflict($"The assembly is full: all {assembly.Capacity} places are taken.");
        if (command.Role == DelegateRoles.Delegate && taken.DelegatesOfMovement >= assembly.DelegatesPerMovement)
            return Problems.Conflict($"The movement's quota of {assembly.DelegatesPerMovement} delegates is full.");
        return Decision.Append(new DelegateRegistered(delegateId, assembly.Id, command.MovementId, command.Country,
            command.Languages!, command.Role, actor.Id, now));
    }

    /// <summary>
    /// Registrations of one assembly are serialised by the lock on the assembly's stream row, held
    /// until this transaction commits: the counts read under it cannot be overtaken by another
    /// registration, so quota and capacity hold however many requests race (see docs/delegates.md).
    /// The delegate gets a stream of its own; the assembly's stream is only locked, not appended to.
    /// </summary>
    [WolverinePost("/api/assemblies/{id}/registrations", Name = "RegisterDelegate"), Authorize]
    public static async Task<IResult> Post(RegisterDelegate command, [LockedStream("assembly")] IEventStream<AssemblyState> assembly,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, PersonalVault vault)
    {
        var taken = await Places.Taken(session, assembly.Id, command.MovementId);
        var emailTaken = await DelegatePeople.RegisteredWith(session, vault, assembly.Id, command.Email) is not null;
        var delegateId = Guid.CreateVersion7();
        return await Start(session, vault, Decide(assembly.Loaded(), taken, emailTaken, command, delegateId, user.Actor(), clock.GetUtcNow()), command, delegateId);
    }

    /// <summary>Starts the delegate's stream with its personal data beside it, sealed (names and e-mails stay out of events).</summary>
    public static async Task<IResult> Start(IDocumentSession session, PersonalVault vault, Decision decision, RegisterDelegate command, Guid delegateId)
    {
        if (decision.Changes)
        {
            var registered = (DelegateRegistered)decision.Events[0];
            await DelegatePeople.Record(session, vault, delegateId, registered.AssemblyId, command.FullName, command.Email);
        }
        return session.Started<DelegateState>(delegateId, decision, $"/api/delegates/{delegateId}", new DelegateCreated(delegateId));
    }
}
