using Alba.Coordination.Privacy;

namespace Alba.Coordination.Delegates;

/// <summary>A delegation list for one movement, to check before importing it.</summary>
public sealed record DelegationFile(Guid MovementId, string Csv);

/// <summary>A row as the import will send it, with what is wrong with it and, when its e-mail is already registered, that delegate.</summary>
public sealed record PreviewRow(int Line, RegisterDelegate Registration, IReadOnlyDictionary<string, string[]> Errors, Guid? RegisteredAs);

public sealed record DelegationPreview(Guid AssemblyId, Guid MovementId, int Rows, int Invalid, int AlreadyRegistered, IReadOnlyList<PreviewRow> Items);

/// <summary>A row's outcome: registered now (201) or already registered by an earlier import (200).</summary>
public sealed record ImportedRow(Guid DelegateId, bool AlreadyRegistered);

/// <summary>
/// The CSV import of a delegation: a preview that checks every row and writes nothing, then one
/// command per row, so a dropped network leaves whole rows done or not done and the page (or the
/// command line) resumes where it stopped. A row is keyed by its e-mail in the assembly: sending it
/// again answers "already registered" with the same delegate and records nothing.
/// </summary>
public static class ImportDelegationEndpoint
{
    public const int MaxFileLength = 2_000_000;

    public static ProblemDetails Validate(DelegationFile file) => new Validation()
        .NotEmpty(file.MovementId, "movementId")
        .Check(!string.IsNullOrWhiteSpace(file.Csv), "csv", "'csv' is required: the delegation list as CSV text.")
        .Check(file.Csv is null || file.Csv.Length <= MaxFileLength, "csv", $"The file may have at most {MaxFileLength} characters.")
        .ToProblem();

    public static Task<ProblemDetails> Before(DelegationFile file, ClaimsPrincipal user, IQuerySession session) =>
        RegisterDelegateEndpoint.ForAKnownMovement(new RegisterDelegate(file.MovementId, "", "", "", null, ""), user, session);

    /// <summary>Pure: each row's field errors (as the registration would answer them) and the e-mails repeated within the file.</summary>
    public static IReadOnlyList<PreviewRow> Check(IReadOnlyList<DelegationRow> rows, Guid movementId, IReadOnlyDictionary<string, Guid> registered)
    {
        var seen = new HashSet<string>();
        return rows.Select(row =>
        {
            var registration = row.For(movementId);
            var problem = RegisterDelegateEndpoint.Validate(registration);
            var errors = Problems.IsOk(problem)
                ? new Dictionary<string, string[]>()
                : new Dictionary<string, string[]>((IDictionary<string, string[]>)problem.Extensions["errors"]!);
            var email = Validation.NormaliseEmail(row.Email);
            if (email.Length > 0 && !seen.Add(email) && !errors.ContainsKey("email"))
                errors["email"] = [$"'{email}' appears on an earlier line of this file."];
            return new PreviewRow(row.Line, registration, errors, registered.TryGetValue(email, out var id) ? id : null);
        }).ToList();
    }

    [WolverinePost("/api/assemblies/{id}/imports/preview", Name = "PreviewDelegationImport"), Authorize]
    public static async Task<IResult> Preview(Guid id, DelegationFile file, IQuerySession session, PersonalVault vault)
    {
        if (await session.LoadAsync<AssemblyView>(id) is null) return Results.Problem(Problems.NotFound($"No assembly has id {id}."));
        var (rows, problem) = DelegationCsv.Read(file.Csv);
        if (rows is null) return Results.Problem(problem!);
        var emails = rows.Select(r => Validation.NormaliseEmail(r.Email)).Where(e => e.Length > 0).Distinct().ToList();
        var registered = await DelegatePeople.RegisteredWithAny(session, vault, id, emails);
        var items = Check(rows, file.MovementId, registered);
        return Results.Ok(new DelegationPreview(id, file.MovementId, items.Count, items.Count(i => i.Errors.Count > 0),
            items.Count(i => i.RegisteredAs is not null), items));
    }
}

/// <summary>One row of an import: a registration that is answered, not refused, when its e-mail is already registered for the same movement.</summary>
public static class ImportRegistrationEndpoint
{
    public static ProblemDetails Validate(RegisterDelegate command) => RegisterDelegateEndpoint.Validate(command);

    public static Task<ProblemDetails> Before(RegisterDelegate command, ClaimsPrincipal user, IQuerySession session) =>
        RegisterDelegateEndpoint.ForAKnownMovement(command, user, session);

    /// <summary>
    /// The same row again is a repeat, whatever happened since (the window closed, the quota filled):
    /// it changes nothing. An e-mail registered for another movement is still the registration's conflict.
    /// </summary>
    public static Decision Decide(AssemblyState assembly, PlacesTaken taken, DelegatePerson? registered, Guid? registeredMovement,
        RegisterDelegate command, Guid delegateId, Actor actor, DateTimeOffset now) =>
        registered is not null && registeredMovement == command.MovementId
            ? Decision.Nothing
            : RegisterDelegateEndpoint.Decide(assembly, taken, registered is not null, command, delegateId, actor, now);

    [WolverinePost("/api/assemblies/{id}/imports/registrations", Name = "ImportRegistration"), Authorize]
    public static async Task<IResult> Post(RegisterDelegate command, [LockedStream("assembly")] IEventStream<AssemblyState> assembly,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, PersonalVault vault)
    {
        var taken = await Places.Taken(session, assembly.Id, command.MovementId);
        var registered = await DelegatePeople.RegisteredWith(session, vault, assembly.Id, command.Email);
        var registeredMovement = registered is null ? null : (await session.LoadAsync<DelegateView>(registered.Id))?.MovementId;
        var delegateId = Guid.CreateVersion7();
        var decision = Decide(assembly.Loaded(), taken, registered, registeredMovement, command, delegateId, user.Actor(), clock.GetUtcNow());
        return decision.Changes || decision.IsRefused
            ? await RegisterDelegateEndpoint.Start(session, vault, decision, command, delegateId)
            : Results.Ok(new ImportedRow(registered!.Id, AlreadyRegistered: true));
    }
}
