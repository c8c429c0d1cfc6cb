using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public sealed record MovementRef(Guid Id, string Name);

public sealed record DelegateDetails(Guid Id, Guid AssemblyId, string? FullName, string? Email, MovementRef Movement, string Country,
    string[] Languages, string Role, DelegateStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? AccreditedAt,
    string? RejectionReason, DateTimeOffset? RevokedAt, string? RevocationReason, DateTimeOffset? WithdrawnAt,
    DateTimeOffset? CheckedInAt, string? CheckInStation, bool MayVote, int Version, bool PersonalDataErased,
    bool RejectionReasonErased, bool RevocationReasonErased);

/// <summary>
/// A row of the delegate list. A reason reads <c>"erased"</c> once the person is erased, and its <c>…Erased</c> flag says so in a
/// way every reader's language can show.
/// </summary>
public sealed record DelegateListItem(Guid Id, string? FullName, string? Email, Guid MovementId, string MovementName, string Country,
    string[] Languages, string Role, DelegateStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? AccreditedAt, DateTimeOffset? CheckedInAt,
    bool PersonalDataErased, string? RejectionReason, bool RejectionReasonErased, string? RevocationReason, bool RevocationReasonErased);

/// <summary>A rejection's or revocation's reason as a history entry shows it: the text, and whether it reads "erased" because the person was.</summary>
public sealed record ReasonDetails(string? Reason, bool ReasonErased);

/// <summary>One event of a delegate's history; details never include credential hashes.</summary>
public sealed record HistoryEntry(long Version, string Type, DateTimeOffset At, Guid By, object? Details)
{
    /// <summary>"retention schedule" when the system acted, null when a person did.</summary>
    public string? ByName => SystemActors.NameOf(By);
}

public static class DelegateQueries
{
    [WolverineGet("/api/delegates/{id}", Name = "GetDelegate"), Authorize]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, PersonalVault vault)
    {
        var (view, refusal) = await LoadVisible(id, user, session);
        if (view is null) return refusal!;
        var person = await DelegatePeople.Read(session, vault, id);
        var openNote = await DelegatePeople.NoteOpener(session, vault, id);
        var (rejection, revocation) = (openNote(view.SealedRejectionReason), openNote(view.SealedRevocationReason));
        var movement = await session.LoadAsync<MovementView>(view.MovementId);
        return Results.Ok(new DelegateDetails(view.Id, view.AssemblyId, person?.FullName, person?.Email,
            new MovementRef(view.MovementId, movement?.Name ?? ""), view.Country, view.Languages, view.Role, view.Status,
            view.RegisteredAt, view.AccreditedAt, rejection?.Text, view.RevokedAt, revocation?.Text,
            view.WithdrawnAt,
            view.CheckedInAt, view.CheckInStation, view.MayVote, view.Version, person?.Erased == true,
            rejection?.Erased == true, revocation?.Erased == true));
    }

    [WolverineGet("/api/delegates/{id}/history", Name = "GetDelegateHistory"), Authorize]
    public static async Task<IResult> History(Guid id, ClaimsPrincipal user, IQuerySession session, PersonalVault vault)
    {
        var (view, refusal) = await LoadVisible(id, user, session);
        if (view is null) return refusal!;
        return Results.Ok(await HistoryOf(id, session, vault));
    }

    /// <summary>The delegate's own stream as readers see it, its sealed reasons opened with the person's key.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>> HistoryOf(Guid id, IQuerySession session, PersonalVault vault)
    {
        var openNote = await DelegatePeople.NoteOpener(session, vault, id);
        var events = await session.Events.FetchStreamAsync(id);
        return events.OrderBy(e => e.Version).Select(e => Describe(e, openNote)).ToList();
    }

    /// <summary>What each event tells a reader: its own time and actor, and the facts worth showing.</summary>
    private static HistoryEntry Describe(IEvent e, Func<string?, OpenedNote?> openNote) => Describe(e.Version, e.Data, openNote)
        ?? new HistoryEntry(e.Version, e.Data.GetType().Name, e.Timestamp, Guid.Empty, null);

    private static HistoryEntry? Describe(long version, object data, Func<string?, OpenedNote?> openNote) => data switch
    {
        DelegateRegistered e => new(version, nameof(DelegateRegistered), e.At, e.By,
            new { e.AssemblyId, e.MovementId, e.Country, e.Languages, e.Role }),
        DelegateAccredited e => new(version, nameof(DelegateAccredited), e.At, e.By, null),
        DelegateRejected e => new(version, nameof(DelegateRejected), e.At, e.By, Reason(openNote(e.SealedReason))),
        DelegateRevoked e => new(version, nameof(DelegateRevoked), e.At, e.By, Reason(openNote(e.SealedReason))),
        DelegateWithdrawn e => new(version, nameof(DelegateWithdrawn), e.At, e.By, null),
        CredentialReissued e => new(version, nameof(CredentialReissued), e.At, e.By, null),
        DelegateCheckedIn e => new(version, nameof(DelegateCheckedIn), e.At, e.By, new { e.Station, e.ScanId, e.ScannedAt }),
        // Erasures by the retention sweep recorded the empty id before the schedule had an id of its own.
        PersonalDataErased e => new(version, nameof(PersonalDataErased), e.At, e.By == Guid.Empty ? SystemActors.RetentionSchedule.Id : e.By,
            new { e.Reason }),
        // An event another capability may add to the stream one day: shown by name, with its stored time.
        _ => null,
    };

    private static ReasonDetails Reason(OpenedNote? note) => new(note?.Text, note?.Erased == true);

    [WolverineGet("/api/assemblies/{id}/delegates", Name = "ListDelegates"), Authorize]
    [LiveGroup("assembly:{id}")]
    public static async Task<IResult> List(Guid id, ClaimsPrincipal user, IQuerySession session, PersonalVault vault,
        string? status, string? movementId, string? country, string? role)
    {
        var (filter, refusal) = await DelegateFilter.For(id, user.Actor(), session, status, movementId, country, role);
        return filter is null ? refusal! : Results.Ok(await ListItems(filter, session, vault));
    }

    [WolverineGet("/api/assemblies/{id}/delegates.csv", Name = "ExportDelegates"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Csv(Guid id, ClaimsPrincipal user, IQuerySession session, PersonalVault vault,
        string? status, string? movementId, string? country, string? role)
    {
        var (filter, refusal) = await DelegateFilter.For(id, user.Actor(), session, status, movementId, country, role);
        if (filter is null) return refusal!;
        return DelegateCsv.Answer(id, await ListItems(filter, session, vault));
    }

    private static async Task<IReadOnlyList<DelegateListItem>> ListItems(DelegateFilter filter, IQuerySession session, PersonalVault vault)
    {
        var views = await filter.Apply(session.Query<DelegateView>()).ToListAsync();
        var people = await DelegatePeople.Read(session, vault, views.Select(v => v.Id));
        var movements = (await session.LoadManyAsync<MovementView>(views.Select(v => v.MovementId).Distinct())).ToDictionary(m => m.Id, m => m.Name);
        // Only the rejected and revoked carry a reason: their keys are read in one more round trip.
        var openNote = await DelegatePeople.NotesOpener(session, vault,
            views.Where(v => v.SealedRejectionReason is not null || v.SealedRevocationReason is not null).Select(v => v.Id).ToList());
        return views
            .Select(v => (View: v, Rejection: openNote(v.Id, v.SealedRejectionReason), Revocation: openNote(v.Id, v.SealedRevocationReason)))
            .Select(x => new DelegateListItem(x.View.Id, people.GetValueOrDefault(x.View.Id)?.FullName, people.GetValueOrDefault(x.View.Id)?.Email,
                x.View.MovementId, movements.GetValueOrDefault(x.View.MovementId, ""), x.View.Country, x.View.Languages, x.View.Role, x.View.Status,
                x.View.RegisteredAt, x.View.AccreditedAt, x.View.CheckedInAt, people.GetValueOrDefault(x.View.Id)?.Erased == true,
                x.Rejection?.Text, x.Rejection?.Erased == true, x.Revocation?.Text, x.Revocation?.Erased == true))
            .OrderBy(i => i.MovementName, StringComparer.Ordinal).ThenBy(i => i.FullName, StringComparer.Ordinal).ThenBy(i => i.Id)
            .ToList();
    }

    private static async Task<(DelegateView? View, IResult? Refusal)> LoadVisible(Guid id, ClaimsPrincipal user, IQuerySession session)
    {
        var view = await session.LoadAsync<DelegateView>(id);
        if (view is null) return (null, Results.Problem(Problems.NotFound($"No delegate has id {id}.")));
        return DelegateAccess.MayActFor(user.Actor(), view.Id, view.MovementId)
            ? (view, null)
            : (null, Results.Problem(Problems.Forbidden("Only organisers, the delegate's representative or the delegate itself may see this.")));
    }
}

/// <summary>The filters of the delegate list, checked, with a representative held to its own movement.</summary>
public sealed record DelegateFilter(Guid AssemblyId, DelegateStatus? Status, Guid? MovementId, string? Country, string? Role)
{
    public static async Task<(DelegateFilter? Filter, IResult? Refusal)> For(Guid assemblyId, Actor actor, IQuerySession session,
        string? status, string? movementId, string? country, string? role)
    {
        var (filter, problem) = Parse(assemblyId, actor, status, movementId, country, role);
        if (filter is null) return (null, Results.Problem(problem!));
        return await session.LoadAsync<AssemblyView>(assemblyId) is null
            ? (null, Results.Problem(Problems.NotFound($"No assembly has id {assemblyId}.")))
            : (filter, null);
    }

    /// <summary>Pure: the filter a caller may apply, or why not.</summary>
    public static (DelegateFilter? Filter, ProblemDetails? Problem) Parse(Guid assemblyId, Actor actor,
        string? status, string? movementId, string? country, string? role)
    {
        if (!actor.IsOrganiser && actor.Role != Roles.Representative)
            return (null, Problems.Forbidden("Only organisers and representatives may list an assembly's delegates."));
        var validation = new Validation();
        DelegateStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var names = Enum.GetNames<DelegateStatus>();
            if (names.FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } name) parsedStatus = Enum.Parse<DelegateStatus>(name);
            else validation.Add("status", $"'status' must be one of {string.Join(", ", names.Select(n => n.ToLowerInvariant()))}.");
        }
        Guid? movement = null;
        if (!string.IsNullOrWhiteSpace(movementId))
        {
            if (Guid.TryParse(movementId, out var m)) movement = m;
            else validation.Add("movementId", $"'{movementId}' is not a movement id.");
        }
        if (!string.IsNullOrWhiteSpace(country)) validation.Country(country);
        if (!string.IsNullOrWhiteSpace(role))
            validation.Check(DelegateRoles.All.Contains(role), "role", $"'role' must be one of {string.Join(", ", DelegateRoles.All)}.");
        if (!validation.IsValid) return (null, validation.ToProblem());

        if (actor.Role == Roles.Representative)
        {
            if (movement is { } asked && asked != actor.MovementId)
                return (null, Problems.Forbidden("A representative sees only its own movement's delegates."));
            movement = actor.MovementId;
        }
        return (new DelegateFilter(assemblyId, parsedStatus, movement, NullIfBlank(country), NullIfBlank(role)), null);
    }

    public IQueryable<DelegateView> Apply(IQueryable<DelegateView> query)
    {
        query = query.Where(d => d.AssemblyId == AssemblyId);
        if (Status is { } status) query = query.Where(d => d.Status == status);
        if (MovementId is { } movement) query = query.Where(d => d.MovementId == movement);
        if (Country is { } country) query = query.Where(d => d.Country == country);
        if (Role is { } role) query = query.Where(d => d.Role == role);
        return query;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
