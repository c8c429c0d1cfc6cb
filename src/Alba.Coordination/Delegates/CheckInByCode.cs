using Alba.Coordination.Accounts;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;

namespace Alba.Coordination.Delegates;

/// <summary>A door scan of a badge: the QR code holds the credential code, not the delegate id.</summary>
public sealed record CheckInByCode(string CredentialCode, string Station, DateTimeOffset ScannedAt, string ScanId);

/// <summary>Who was checked in, for the desk to show; <c>Changed</c> is false for a scan already recorded.</summary>
public sealed record DoorCheckIn(Guid DelegateId, string? FullName, string MovementName, string Role,
    DateTimeOffset CheckedInAt, string Station, bool Changed);

/// <summary>
/// The door desk's check-in. An offline desk cannot know which delegate a code belongs to (codes are
/// kept only hashed, and the desk keeps no list), so it sends the scanned code; the server finds the
/// credential by the code's hash and checks that delegate in, idempotent by scan id like the scan by id.
/// </summary>
public static class CheckInByCodeEndpoint
{
    public static ProblemDetails Validate(CheckInByCode command) => new Validation()
        .Required(command.CredentialCode, "credentialCode", 100)
        .Required(command.Station, "station", 100)
        .Required(command.ScanId, "scanId", 100)
        .Check(command.ScannedAt != default, "scannedAt", "'scannedAt' is required (an ISO-8601 time).")
        .ToProblem();

    /// <summary>
    /// The scan by id's rules, after the badge's own: a badge of another assembly, or one replaced by a
    /// re-issued credential, admits nobody; a scan already recorded stays recorded whatever happened since.
    /// </summary>
    public static Decision Decide(DelegateState state, DelegateCredential credential, Guid assemblyId, CheckInByCode command, Actor actor,
        DateTimeOffset now)
    {
        if (credential.AssemblyId != assemblyId) return Problems.Conflict("This badge is for another assembly.");
        if (state.ScanIds.Contains(command.ScanId)) return Decision.Nothing;
        if (credential.InvalidatedAt is not null && state.Status == DelegateStatus.Accredited)
            return Problems.Conflict("This badge was replaced by a newer one: only the latest badge admits its holder.");
        return CheckInDelegateEndpoint.Decide(state, new CheckInDelegate(command.Station, command.ScannedAt, command.ScanId), actor, now);
    }

    /// <summary>The delegate's stream is locked as by <see cref="LockedStreamAttribute"/>, once the code has named it.</summary>
    [WolverinePost("/api/assemblies/{id}/check-ins", Name = "CheckInByCode"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, CheckInByCode command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock,
        PersonalVault vault)
    {
        if (await session.LoadAsync<DelegateCredential>(Secrets.Hash(command.CredentialCode)) is not { } credential)
            return Results.Problem(Problems.NotFound("No badge has this code: check the code or the badge."));
        var stream = await session.Events.FetchForExclusiveWriting<DelegateState>(credential.DelegateId);
        var person = await DelegatePeople.Read(session, vault, credential.DelegateId);
        var movement = await session.LoadAsync<MovementView>(credential.MovementId);
        return await session.Decide(stream, state => Decide(state, credential, id, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new DoorCheckIn(after.Id, person?.FullName, movement?.Name ?? "", after.Role,
                after.CheckedInAt!.Value, after.CheckInStation!, decision.Changes));
    }
}
