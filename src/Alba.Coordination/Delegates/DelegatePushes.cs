using Alba.Coordination.Live;

namespace Alba.Coordination.Delegates;

/// <summary>The assembly's public picture changed: its registration window.</summary>
public sealed record AssemblyPush(Guid AssemblyId, RegistrationStatus Registration);

/// <summary>The assembly's places changed: its capacity and the quota of delegates per movement.</summary>
public sealed record LimitsPush(Guid AssemblyId, int Capacity, int DelegatesPerMovement);

/// <summary>A registration was made. Ids and categories only: never a name, email or credential hash.</summary>
public sealed record RegistrationPush(Guid DelegateId, Guid MovementId, string Country, string Role, DelegateStatus Status);

/// <summary>A registration's status changed.</summary>
public sealed record DelegateStatusPush(Guid DelegateId, DelegateStatus Status);

/// <summary>A check-in scan was recorded; the time is the scan's own.</summary>
public sealed record CheckInPush(Guid DelegateId, DateTimeOffset ScannedAt);

/// <summary>The delegate's credential was replaced (private group: the delegate and organisers).</summary>
public sealed record CredentialPush(Guid DelegateId);

public static class DelegatePushes
{
    public static Task Handle(IEvent<AssemblyConvened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new AssemblyPush(e.Data.AssemblyId, RegistrationStatus.NotOpened), cancellationToken, LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<RegistrationOpened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new AssemblyPush(e.Data.AssemblyId, RegistrationStatus.Open), cancellationToken, LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<RegistrationClosed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new AssemblyPush(e.Data.AssemblyId, RegistrationStatus.Closed), cancellationToken, LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<AssemblyLimitsChanged> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new LimitsPush(e.Data.AssemblyId, e.Data.Capacity, e.Data.DelegatesPerMovement), cancellationToken,
            LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<DelegateRegistered> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new RegistrationPush(e.Data.DelegateId, e.Data.MovementId, e.Data.Country, e.Data.Role, DelegateStatus.Registered),
            cancellationToken, LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<DelegateAccredited> e, ILivePublisher live, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Accredited, live, cancellationToken);

    public static Task Handle(IEvent<DelegateRejected> e, ILivePublisher live, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Rejected, live, cancellationToken);

    public static Task Handle(IEvent<DelegateRevoked> e, ILivePublisher live, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Revoked, live, cancellationToken, LiveGroups.Delegate(e.Data.DelegateId));

    public static Task Handle(IEvent<DelegateWithdrawn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Withdrawn, live, cancellationToken);

    public static Task Handle(IEvent<DelegateCheckedIn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new CheckInPush(e.Data.DelegateId, e.Data.ScannedAt), cancellationToken, LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<CredentialReissued> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new CredentialPush(e.Data.DelegateId), cancellationToken, LiveGroups.Delegate(e.Data.DelegateId));

    private static Task StatusChanged(IEvent e, Guid delegateId, Guid assemblyId, DelegateStatus status, ILivePublisher live,
        CancellationToken cancellationToken, params string[] privateGroups) =>
        live.Push(e, new DelegateStatusPush(delegateId, status), cancellationToken,
            [LiveGroups.Assembly(assemblyId), .. privateGroups]);
}
