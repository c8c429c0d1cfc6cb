using Alba.Coordination.Movements;
using Alba.Coordination.Infrastructure.GroupCommit;
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

    public static ProblemDetails Before(RegisterDelegate command, ClaimsPrincipal user) =>
        user.Actor().MaySpeakFor(command.MovementId)
            ? Problems.Ok
            : Problems.Forbidden("Only the movement's representative or an organiser registers its delegation.");

    /// <summary><see cref="Before"/>, and the movement read in the request's session (a registration reads it in its batch).</summary>
    public static async Task<ProblemDetails> ForAKnownMovement(RegisterDelegate command, ClaimsPrincipal user, IQuerySession session)
    {
        var refusal = Before(command, user);
        if (!Problems.IsOk(refusal)) return refusal;
        return await session.LoadAsync<MovementView>(command.MovementId) is null ? UnknownMovement(command) : Problems.Ok;
    }

    public static ProblemDetails UnknownMovement(RegisterDelegate command) => Problems.Invalid("movementId", $"No movement has id {command.MovementId}.");

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
    /// Registrations of one assembly are group-committed (<see cref="RegistrationBatches"/>): they queue in memory, and each
    /// batch locks the assembly's stream row once (held until its commit, so registrations on other nodes serialise with it),
    /// reads the places taken and the e-mails registered, decides every registration in order against the counts the ones
    /// before it left, and commits them together; the answer comes after that commit. So quota and capacity hold however
    /// many requests race (see docs/delegates.md). The delegate gets a stream of its own; the assembly's stream is only
    /// locked, not appended to. An Idempotency-Key is claimed in the batch's transaction (<see cref="GroupCommittedKeys"/>).
    /// </summary>
    [WolverinePost("/api/assemblies/{id}/registrations", Name = "RegisterDelegate"), Authorize, KeyClaimedInBatch]
    public static async Task<IResult> Post(Guid id, RegisterDelegate command, ClaimsPrincipal user,
        StreamWriter<Registration, RecordedAnswer> registrations, GroupCommittedKeys keys, PersonalVault vault, TimeProvider clock, HttpContext context)
    {
        var (key, repeat) = await keys.ReadAsync(context, command);
        if (repeat is not null) return repeat;
        // The e-mail's blind index is computed here, in parallel across requests, not under the assembly's lock.
        var emailIndex = await vault.EmailIndexAsync(id, Validation.NormaliseEmail(command.Email));
        return await keys.AnswerAsync(key, () => registrations.SubmitAsync(id,
            new Registration(command, emailIndex, user.Actor(), clock.GetUtcNow(), key), context.RequestAborted));
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

/// <summary>A registration as the endpoint hands it to the assembly's group commit, with its e-mail's blind index.</summary>
public sealed record Registration(RegisterDelegate Command, string EmailIndex, Actor Actor, DateTimeOffset At, IdempotencyClaim? Key);

/// <summary>
/// Opens a batch of registrations on one assembly: its stream locked, and the movements this node does not know yet
/// (<see cref="KnownMovements"/>), the places taken (in all and per movement) and the e-mails already registered read, in
/// one round trip.
/// </summary>
public sealed class RegistrationBatches(PersonalVault vault, GroupCommittedKeys keys, KnownMovements knownMovements) : IStreamBatches<Registration, RecordedAnswer>
{
    public ProblemDetails Missing(Guid streamId) => Problems.NotFound($"No assembly has id {streamId}.");

    public async Task<IStreamBatch<Registration, RecordedAnswer>?> OpenAsync(IDocumentSession session, Guid streamId,
        IReadOnlyList<Registration> commands, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        // First in the round trip: the reads after it see every registration committed before the lock was granted.
        var locked = batch.Events.FetchForExclusiveWriting<AssemblyState>(streamId);
        var movementIds = commands.Select(c => c.Command.MovementId).Distinct().ToArray();
        var unknownMovements = movementIds.Where(m => !knownMovements.Contains(m)).ToArray();
        var movements = unknownMovements.Length == 0 ? null : batch.LoadMany<MovementView>().ById(unknownMovements);
        var (total, delegations) = Places.Taken(batch, streamId, movementIds);
        var indexes = commands.Select(c => c.EmailIndex).Distinct().ToArray();
        var registered = batch.Query<DelegatePerson>().Where(p => p.AssemblyId == streamId && p.EmailIndex.IsOneOf(indexes)).Select(p => p.EmailIndex).ToList();
        await batch.Execute(cancellation);

        var stream = await locked;
        if (stream.Aggregate is null) return null;
        var counts = new Dictionary<Guid, int>();
        foreach (var (movement, count) in delegations) counts[movement] = (int)await count;
        if (movements is not null)
            foreach (var movement in await movements) knownMovements.Learn(movement.Id);
        return new Batch(session, vault, keys.For(session), stream.Aggregate, movementIds.Where(knownMovements.Contains).ToHashSet(), (int)await total, counts,
            (await registered).OfType<string>().ToHashSet());
    }

    /// <summary>The assembly's places and e-mails as the registrations decided so far in this batch left them.</summary>
    private sealed class Batch(IDocumentSession session, PersonalVault vault, GroupCommittedKeys.BatchClaims claims, AssemblyState assembly,
        HashSet<Guid> movements, int total, Dictionary<Guid, int> delegations, HashSet<string> emailsTaken) : IStreamBatch<Registration, RecordedAnswer>
    {
        private int _total = total;

        public async ValueTask<Committed<RecordedAnswer>> DecideAsync(Registration registration, CancellationToken cancellation)
        {
            if (claims.Repeat(registration.Key) is { } repeat) return repeat;
            var (command, emailIndex, actor, at, key) = registration;
            if (!movements.Contains(command.MovementId)) return Committed<RecordedAnswer>.Refused(RegisterDelegateEndpoint.UnknownMovement(command));
            var delegateId = Guid.CreateVersion7();
            var decision = RegisterDelegateEndpoint.Decide(assembly, new PlacesTaken(_total, delegations[command.MovementId]),
                emailsTaken.Contains(emailIndex), command, delegateId, actor, at);
            await RegisterDelegateEndpoint.Start(session, vault, decision, command, delegateId);
            if (decision.IsRefused) return Committed<RecordedAnswer>.Refused(decision.Refusal);
            _total++;
            if (command.Role == DelegateRoles.Delegate) delegations[command.MovementId]++;
            emailsTaken.Add(emailIndex);
            return claims.Claim(key, new RecordedAnswer(StatusCodes.Status201Created, new DelegateCreated(delegateId), $"/api/delegates/{delegateId}"));
        }
    }
}
