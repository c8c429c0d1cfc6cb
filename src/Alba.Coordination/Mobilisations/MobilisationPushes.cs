using Alba.Coordination.Live;

namespace Alba.Coordination.Mobilisations;

/// <summary>A call was issued: what its public page shows.</summary>
public sealed record MobilisationPush(Guid MobilisationId, string Title, string Language, DateOnly StartsOn, DateOnly EndsOn, string[] Countries,
    Guid[] ConvenedBy);

/// <summary>A movement endorsed the call, or withdrew its endorsement (the kind tells which).</summary>
public sealed record EndorsementPush(Guid MobilisationId, Guid MovementId);

/// <summary>A local action was registered.</summary>
public sealed record ActionPush(Guid ActionId, Guid MobilisationId, string City, string Country, string Kind, DateTimeOffset StartsAt,
    Guid OrganisingMovementId);

/// <summary>
/// A field report. The note stays out of the public group: it may name people who were arrested or hurt. When
/// <c>IsLatest</c> is true, the figures are the action's new figures; a late report changed nothing.
/// </summary>
public sealed record ReportPush(Guid ActionId, Guid MobilisationId, string ReportId, DateTimeOffset ReportedAt, bool IsLatest, ActionFigures Figures);

public static class MobilisationPushes
{
    public static Task Handle(IEvent<MobilisationCalled> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new MobilisationPush(e.Data.MobilisationId, e.Data.Title, e.Data.Language, e.Data.StartsOn, e.Data.EndsOn, e.Data.Countries,
            e.Data.ConvenedBy), cancellationToken, LiveGroups.Mobilisation(e.Data.MobilisationId));

    public static Task Handle(IEvent<MobilisationEndorsed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new EndorsementPush(e.Data.MobilisationId, e.Data.MovementId), cancellationToken, LiveGroups.Mobilisation(e.Data.MobilisationId));

    public static Task Handle(IEvent<MobilisationEndorsementWithdrawn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new EndorsementPush(e.Data.MobilisationId, e.Data.MovementId), cancellationToken, LiveGroups.Mobilisation(e.Data.MobilisationId));

    public static Task Handle(IEvent<ActionRegistered> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new ActionPush(e.Data.ActionId, e.Data.MobilisationId, e.Data.City, e.Data.Country, e.Data.Kind, e.Data.StartsAt,
            e.Data.OrganisingMovementId), cancellationToken, LiveGroups.Mobilisation(e.Data.MobilisationId));

    public static Task Handle(IEvent<ActionReported> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new ReportPush(e.Data.ActionId, e.Data.MobilisationId, e.Data.ReportId, e.Data.ReportedAt, e.Data.IsLatest, e.Data.Figures),
            cancellationToken, LiveGroups.Mobilisation(e.Data.MobilisationId));
}
