using System.Collections.Concurrent;
using Alba.Coordination.Live;

namespace Alba.Coordination.Delegates;

/// <summary>The assembly's public picture changed: its registration window.</summary>
public sealed record AssemblyPush(Guid AssemblyId, RegistrationStatus Registration);

/// <summary>The assembly's places changed: its capacity and the quota of delegates per movement.</summary>
public sealed record LimitsPush(Guid AssemblyId, int Capacity, int DelegatesPerMovement);

/// <summary>A registration was made. Ids and categories only: never a name, email or credential hash.</summary>
/// <summary>
/// The public attendance counts changed (a registration, a status, a check-in): no one is named, as
/// <c>GET /api/assemblies/{id}/attendance</c> names no one; the page reads the counts again.
/// </summary>
public sealed record AttendancePush(Guid AssemblyId);

/// <summary>A registration was made (private groups). Ids and categories only: never a name, email or credential hash.</summary>
public sealed record RegistrationPush(Guid DelegateId, Guid MovementId, string Country, string Role, DelegateStatus Status);

/// <summary>A registration's status changed (private groups).</summary>
public sealed record DelegateStatusPush(Guid DelegateId, DelegateStatus Status);

/// <summary>A check-in scan was recorded (private groups); the time is the scan's own.</summary>
public sealed record CheckInPush(Guid DelegateId, DateTimeOffset ScannedAt);

/// <summary>The delegate's credential was replaced (private group: the delegate and organisers).</summary>
public sealed record CredentialPush(Guid DelegateId);

/// <summary>The person's data was erased (private groups): readers refetch and show an erased person. Names no one.</summary>
public sealed record ErasurePush(Guid DelegateId);

/// <summary>Which movement a delegate belongs to, for pushes of events that do not carry it.</summary>
public interface IDelegations
{
    Task<Guid> MovementOf(Guid delegateId, CancellationToken cancellationToken);
}

/// <summary>
/// A delegate's movement is named once, by its registration, and never changes: what this node has read stays true, so each
/// delegate's view is read once per node, not once per push (an accreditation and then a check-in read it once). Ids only,
/// no personal data; forgotten all at once past <see cref="Remembered"/> delegates, to bound the memory.
/// </summary>
public sealed class Delegations(IDocumentStore store) : IDelegations
{
    public const int Remembered = 100_000;

    private readonly ConcurrentDictionary<Guid, Guid> _movements = new();

    public async Task<Guid> MovementOf(Guid delegateId, CancellationToken cancellationToken)
    {
        if (_movements.TryGetValue(delegateId, out var known)) return known;
        await using var session = store.QuerySession();
        var movement = (await session.LoadAsync<DelegateView>(delegateId, cancellationToken))?.MovementId
                       ?? throw new InvalidOperationException($"Delegate {delegateId} has no view to push from.");
        if (_movements.Count >= Remembered) _movements.Clear();
        _movements[delegateId] = movement;
        return movement;
    }
}

/// <summary>
/// Per-person facts go to the private groups of those who may list them (organisers through <c>registrations:{assemblyId}</c>,
/// the delegate's own movement through <c>movement:{id}</c>); the public assembly group only learns that the counts changed.
/// </summary>
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
        PersonAndCounts(e, e.Data.AssemblyId, e.Data.MovementId,
            new RegistrationPush(e.Data.DelegateId, e.Data.MovementId, e.Data.Country, e.Data.Role, DelegateStatus.Registered), live, cancellationToken);

    public static Task Handle(IEvent<DelegateAccredited> e, ILivePublisher live, IDelegations delegations, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Accredited, live, delegations, cancellationToken);

    public static Task Handle(IEvent<DelegateRejected> e, ILivePublisher live, IDelegations delegations, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Rejected, live, delegations, cancellationToken);

    public static Task Handle(IEvent<DelegateRevoked> e, ILivePublisher live, IDelegations delegations, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Revoked, live, delegations, cancellationToken,
            LiveGroups.Delegate(e.Data.DelegateId));

    public static Task Handle(IEvent<DelegateWithdrawn> e, ILivePublisher live, IDelegations delegations, CancellationToken cancellationToken) =>
        StatusChanged(e, e.Data.DelegateId, e.Data.AssemblyId, DelegateStatus.Withdrawn, live, delegations, cancellationToken);

    public static async Task Handle(IEvent<DelegateCheckedIn> e, ILivePublisher live, IDelegations delegations, CancellationToken cancellationToken) =>
        await PersonAndCounts(e, e.Data.AssemblyId, await delegations.MovementOf(e.Data.DelegateId, cancellationToken),
            new CheckInPush(e.Data.DelegateId, e.Data.ScannedAt), live, cancellationToken);

    public static Task Handle(IEvent<CredentialReissued> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new CredentialPush(e.Data.DelegateId), cancellationToken, LiveGroups.Delegate(e.Data.DelegateId));

    /// <summary>No count changes, so the public group learns nothing; those who may list the person refetch it.</summary>
    public static async Task Handle(IEvent<Privacy.PersonalDataErased> e, ILivePublisher live, IDelegations delegations,
        CancellationToken cancellationToken) =>
        await live.Push(e, new ErasurePush(e.Data.DelegateId), cancellationToken, LiveGroups.Registrations(e.Data.AssemblyId),
            LiveGroups.Movement(await delegations.MovementOf(e.Data.DelegateId, cancellationToken)), LiveGroups.Delegate(e.Data.DelegateId));

    private static async Task StatusChanged(IEvent e, Guid delegateId, Guid assemblyId, DelegateStatus status, ILivePublisher live,
        IDelegations delegations, CancellationToken cancellationToken, params string[] privateGroups) =>
        await PersonAndCounts(e, assemblyId, await delegations.MovementOf(delegateId, cancellationToken), new DelegateStatusPush(delegateId, status),
            live, cancellationToken, privateGroups);

    private static async Task PersonAndCounts(IEvent e, Guid assemblyId, Guid movementId, object personal, ILivePublisher live,
        CancellationToken cancellationToken, params string[] privateGroups)
    {
        await live.Push(e, personal, cancellationToken, [LiveGroups.Registrations(assemblyId), LiveGroups.Movement(movementId), .. privateGroups]);
        await live.Push(e, new AttendancePush(assemblyId), cancellationToken, LiveGroups.Assembly(assemblyId));
    }
}
