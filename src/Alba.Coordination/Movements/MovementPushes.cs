using Alba.Coordination.Live;

namespace Alba.Coordination.Movements;

/// <summary>A movement as the public list shows it.</summary>
public sealed record MovementPush(Guid MovementId, string Name, string Country, string Region, string Sector);

/// <summary>A representative was appointed (private group: the account id only, never a name or email).</summary>
public sealed record RepresentativePush(Guid MovementId, Guid RepresentativeId);

public static class MovementPushes
{
    public static Task Handle(IEvent<MovementRegistered> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new MovementPush(e.Data.MovementId, e.Data.Name, e.Data.Country, e.Data.Region, e.Data.Sector), cancellationToken,
            LiveGroups.Movements);

    public static Task Handle(IEvent<RepresentativeAppointed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new RepresentativePush(e.Data.MovementId, e.Data.RepresentativeId), cancellationToken, LiveGroups.Movement(e.Data.MovementId));

    public static Task Handle(IEvent<RepresentativeWithdrawn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new RepresentativePush(e.Data.MovementId, e.Data.RepresentativeId), cancellationToken, LiveGroups.Movement(e.Data.MovementId));
}
