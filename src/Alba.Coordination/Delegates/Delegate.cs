using System.Collections.Immutable;
using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Delegates;

// Events on a delegate's own stream. They carry no name or email: those live in DelegatePerson, sealed with the
// person's own key, so a person can be erased while every count and history stays verifiable (docs/privacy.md).
public sealed record DelegateRegistered(Guid DelegateId, Guid AssemblyId, Guid MovementId, string Country, string[] Languages,
    string Role, Guid By, DateTimeOffset At);

public sealed record DelegateAccredited(Guid DelegateId, Guid AssemblyId, string CredentialHash, Guid By, DateTimeOffset At)
{
    /// <summary>Carried so the credential projection can issue a sign-in token for the right movement without a lookup.</summary>
    public Guid MovementId { get; init; }
}

// The reasons are notes about the person: sealed with the person's key (DelegatePeople.SealNote), null when none was given
// or the person was already erased. Events written before they were sealed are rewritten by PersonalDataMigration.
public sealed record DelegateRejected(Guid DelegateId, Guid AssemblyId, string? SealedReason, Guid By, DateTimeOffset At);

public sealed record DelegateRevoked(Guid DelegateId, Guid AssemblyId, string? SealedReason, Guid By, DateTimeOffset At);

/// <summary>Stored as <c>delegate_withdrew</c> (its first name), so events written before the rename still load.</summary>
public sealed record DelegateWithdrawn(Guid DelegateId, Guid AssemblyId, Guid By, DateTimeOffset At);

public sealed record CredentialReissued(Guid DelegateId, Guid AssemblyId, string CredentialHash, Guid By, DateTimeOffset At)
{
    /// <inheritdoc cref="DelegateAccredited.MovementId"/>
    public Guid MovementId { get; init; }
}

/// <summary>A door-station scan; scans made offline arrive late and out of order.</summary>
public sealed record DelegateCheckedIn(Guid DelegateId, Guid AssemblyId, string Station, string ScanId, DateTimeOffset ScannedAt,
    Guid By, DateTimeOffset At);

public static class DelegateRoles
{
    public const string Delegate = "delegate";
    public static readonly string[] All = ["delegate", "observer", "guest", "press"];
}

public enum DelegateStatus { Registered, Accredited, Rejected, Revoked, Withdrawn }

/// <summary>
/// The personal data of a registration, referenced by the delegate id, sealed with the person's data key
/// (<see cref="Privacy.PersonalVault"/>): once the key is deleted it reads as an erased person.
/// </summary>
public sealed class DelegatePerson
{
    public Guid Id { get; set; }
    public Guid AssemblyId { get; set; }
    /// <summary>The keyed blind index of the normalised e-mail, unique per assembly; removed by the erasure.</summary>
    public string? EmailIndex { get; set; }
    /// <summary>Name and normalised e-mail (<see cref="Privacy.PersonalRecord"/>), sealed with the person's key.</summary>
    public required string Sealed { get; set; }
}

/// <summary>The first scan wins, whatever order the scans arrive in: the one rule, for the write model and the view.</summary>
public static class CheckIns
{
    public static bool IsEarlier(DateTimeOffset scannedAt, DateTimeOffset? current) => current is not { } earliest || scannedAt < earliest;
}

/// <summary>
/// What commands on one delegate decide on: folded live from the delegate's short stream, never stored.
/// Display fields (languages, reasons, times) live only in <see cref="DelegateView"/>.
/// </summary>
public sealed record DelegateState(Guid Id, Guid AssemblyId, Guid MovementId, string Role, DelegateStatus Status,
    ImmutableHashSet<string> ScanIds, DateTimeOffset? CheckedInAt, string? CheckInStation)
{
    public bool PersonalDataErased { get; init; }

    public static DelegateState Create(DelegateRegistered e) =>
        new(e.DelegateId, e.AssemblyId, e.MovementId, e.Role, DelegateStatus.Registered, [], null, null);

    public DelegateState Apply(DelegateAccredited _) => this with { Status = DelegateStatus.Accredited };

    public DelegateState Apply(DelegateRejected _) => this with { Status = DelegateStatus.Rejected };

    public DelegateState Apply(DelegateRevoked _) => this with { Status = DelegateStatus.Revoked };

    public DelegateState Apply(DelegateWithdrawn _) => this with { Status = DelegateStatus.Withdrawn };

    public DelegateState Apply(DelegateCheckedIn e) => CheckIns.IsEarlier(e.ScannedAt, CheckedInAt)
        ? this with { ScanIds = ScanIds.Add(e.ScanId), CheckedInAt = e.ScannedAt, CheckInStation = e.Station }
        : this with { ScanIds = ScanIds.Add(e.ScanId) };

    public DelegateState Apply(Privacy.PersonalDataErased _) => this with { PersonalDataErased = true };
}

/// <summary>One delegate as readers see it (inline, so lists, attendance and the roll of a vote read it at once).</summary>
public sealed class DelegateView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid AssemblyId { get; set; }
    public Guid MovementId { get; set; }
    public string Country { get; set; } = "";
    public string[] Languages { get; set; } = [];
    public string Role { get; set; } = "";
    public DelegateStatus Status { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? AccreditedAt { get; set; }
    /// <summary>Sealed with the person's key, as in the event; readers open it (<see cref="DelegatePeople.NoteOpener"/>).</summary>
    public string? SealedRejectionReason { get; set; }
    /// <inheritdoc cref="SealedRejectionReason"/>
    public string? SealedRevocationReason { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>The earliest scan, whatever order the scans arrived in.</summary>
    public DateTimeOffset? CheckedInAt { get; set; }
    public string? CheckInStation { get; set; }
    public List<string> ScanIds { get; set; } = [];
    public DateTimeOffset? PersonalDataErasedAt { get; set; }
    public int Version { get; set; }

    public bool IsCheckedIn => CheckedInAt is not null;

    /// <summary>May vote in a vote opened now: role delegate, accredited (not revoked or withdrawn), checked in.</summary>
    public bool MayVote => Role == DelegateRoles.Delegate && Status == DelegateStatus.Accredited && IsCheckedIn;
}

public sealed partial class DelegateViewProjection : SingleStreamProjection<DelegateView, Guid>
{
    public static DelegateView Create(DelegateRegistered e) => new()
    {
        Id = e.DelegateId, AssemblyId = e.AssemblyId, MovementId = e.MovementId, Country = e.Country, Languages = e.Languages,
        Role = e.Role, Status = DelegateStatus.Registered, RegisteredAt = e.At,
    };

    public static void Apply(DelegateAccredited e, DelegateView view)
    {
        view.Status = DelegateStatus.Accredited;
        view.AccreditedAt = e.At;
    }

    public static void Apply(DelegateRejected e, DelegateView view)
    {
        view.Status = DelegateStatus.Rejected;
        view.SealedRejectionReason = e.SealedReason;
    }

    public static void Apply(DelegateRevoked e, DelegateView view)
    {
        view.Status = DelegateStatus.Revoked;
        view.SealedRevocationReason = e.SealedReason;
        view.RevokedAt = e.At;
    }

    public static void Apply(DelegateWithdrawn e, DelegateView view)
    {
        view.Status = DelegateStatus.Withdrawn;
        view.WithdrawnAt = e.At;
    }

    public static void Apply(DelegateCheckedIn e, DelegateView view)
    {
        view.ScanIds.Add(e.ScanId);
        if (CheckIns.IsEarlier(e.ScannedAt, view.CheckedInAt))
        {
            view.CheckedInAt = e.ScannedAt;
            view.CheckInStation = e.Station;
        }
    }

    public static void Apply(Privacy.PersonalDataErased e, DelegateView view) => view.PersonalDataErasedAt = e.At;
}
