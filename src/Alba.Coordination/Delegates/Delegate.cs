using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Delegates;

// Events on a delegate's own stream. They carry no name or email: those live in DelegatePerson,
// so a person can be erased while every count and history stays verifiable.
public sealed record DelegateRegistered(Guid DelegateId, Guid AssemblyId, Guid MovementId, string Country, string[] Languages,
    string Role, Guid By, DateTimeOffset At);

public sealed record DelegateAccredited(Guid DelegateId, Guid AssemblyId, string CredentialHash, Guid By, DateTimeOffset At)
{
    /// <summary>Carried so the credential projection can issue a sign-in token for the right movement without a lookup.</summary>
    public Guid MovementId { get; init; }
}

public sealed record DelegateRejected(Guid DelegateId, Guid AssemblyId, string? Reason, Guid By, DateTimeOffset At);

public sealed record DelegateRevoked(Guid DelegateId, Guid AssemblyId, string Reason, Guid By, DateTimeOffset At);

public sealed record DelegateWithdrew(Guid DelegateId, Guid AssemblyId, Guid By, DateTimeOffset At);

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

/// <summary>The personal data of a registration, referenced by the delegate id.</summary>
public sealed class DelegatePerson
{
    public Guid Id { get; set; }
    public Guid AssemblyId { get; set; }
    public required string FullName { get; set; }
    /// <summary>Normalised (trimmed, lower case); unique per assembly.</summary>
    public required string Email { get; set; }
}

/// <summary>One delegate's state as projected from its stream (inline, so commands can rely on it).</summary>
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
    public string? RejectionReason { get; set; }
    public string? RevocationReason { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>The earliest scan, whatever order the scans arrived in.</summary>
    public DateTimeOffset? CheckedInAt { get; set; }
    public string? CheckInStation { get; set; }
    public List<string> ScanIds { get; set; } = [];
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
        view.RejectionReason = e.Reason;
    }

    public static void Apply(DelegateRevoked e, DelegateView view)
    {
        view.Status = DelegateStatus.Revoked;
        view.RevocationReason = e.Reason;
        view.RevokedAt = e.At;
    }

    public static void Apply(DelegateWithdrew e, DelegateView view)
    {
        view.Status = DelegateStatus.Withdrawn;
        view.WithdrawnAt = e.At;
    }

    public static void Apply(DelegateCheckedIn e, DelegateView view)
    {
        view.ScanIds.Add(e.ScanId);
        if (view.CheckedInAt is null || e.ScannedAt < view.CheckedInAt)
        {
            view.CheckedInAt = e.ScannedAt;
            view.CheckInStation = e.Station;
        }
    }
}
