using System.Collections.Immutable;
using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Mobilisations;

// Events on a call's own stream. Local actions have streams of their own (LocalAction.cs).
public sealed record MobilisationCalled(Guid MobilisationId, string Title, string CallText, string Language, DateOnly StartsOn,
    DateOnly EndsOn, string[] Countries, Guid[] ConvenedBy, Guid By, DateTimeOffset At);

public sealed record MobilisationEndorsed(Guid MobilisationId, Guid MovementId, Guid By, DateTimeOffset At);

/// <summary>A movement no longer backs the call, whether it endorsed it or was named as a convener.</summary>
public sealed record MobilisationEndorsementWithdrawn(Guid MobilisationId, Guid MovementId, Guid By, DateTimeOffset At);

/// <summary>
/// What commands on a call decide on, folded live from its stream, never stored: its dates (actions must fall within
/// them) and the movements backing it. A convener backs its own call, so it is a backer from the start.
/// </summary>
public sealed record MobilisationState(Guid Id, DateOnly StartsOn, DateOnly EndsOn, ImmutableHashSet<Guid> BackedBy)
{
    public static MobilisationState Create(MobilisationCalled e) => new(e.MobilisationId, e.StartsOn, e.EndsOn, [.. e.ConvenedBy]);

    public MobilisationState Apply(MobilisationEndorsed e) => this with { BackedBy = BackedBy.Add(e.MovementId) };

    public MobilisationState Apply(MobilisationEndorsementWithdrawn e) => this with { BackedBy = BackedBy.Remove(e.MovementId) };

    public int Endorsements => BackedBy.Count;
}

/// <summary>A call as every reader sees it; one document per call stream.</summary>
public sealed class MobilisationView : IRevisioned
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string CallText { get; set; } = "";
    public string Language { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public string[] Countries { get; set; } = [];
    public List<Guid> ConvenedBy { get; set; } = [];
    /// <summary>Movements that endorsed the call after it was issued (conveners are not repeated here).</summary>
    public List<Guid> EndorsedBy { get; set; } = [];
    public DateTimeOffset CalledAt { get; set; }
    public int Version { get; set; }

    /// <summary>A convener backs its own call, so it counts as an endorsement too.</summary>
    public int Endorsements => ConvenedBy.Count + EndorsedBy.Count;
}

public sealed partial class MobilisationViewProjection : SingleStreamProjection<MobilisationView, Guid>
{
    public static MobilisationView Create(MobilisationCalled e) => new()
    {
        Id = e.MobilisationId, Title = e.Title, CallText = e.CallText, Language = e.Language, StartsOn = e.StartsOn, EndsOn = e.EndsOn,
        Countries = e.Countries, ConvenedBy = [.. e.ConvenedBy], CalledAt = e.At,
    };

    public static void Apply(MobilisationEndorsed e, MobilisationView view) => view.EndorsedBy.Add(e.MovementId);

    /// <summary>A convener that withdraws is no longer shown as convening: being listed there is backing the call.</summary>
    public static void Apply(MobilisationEndorsementWithdrawn e, MobilisationView view)
    {
        view.EndorsedBy.Remove(e.MovementId);
        view.ConvenedBy.Remove(e.MovementId);
    }
}
