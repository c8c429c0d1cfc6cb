using Marten.Events.Aggregation;
using JasperFx;

namespace Alba.Coordination.Movements;

public sealed record MovementRegistered(Guid MovementId, string Name, string Country, string Region, string Sector, Guid By, DateTimeOffset At);

public sealed record RepresentativeAppointed(Guid MovementId, Guid RepresentativeId, Guid By, DateTimeOffset At);

/// <summary>An organiser took the representative's access away (its account is deactivated in the same transaction).</summary>
public sealed record RepresentativeWithdrawn(Guid MovementId, Guid RepresentativeId, Guid By, DateTimeOffset At);

/// <summary>
/// What commands on a movement decide on, folded live from its stream, never stored: that it exists (appointments lock
/// its stream, so their events carry the stream's versions).
/// </summary>
public sealed record MovementState(Guid Id)
{
    public static MovementState Create(MovementRegistered e) => new(e.MovementId);
}

/// <summary>The movement as every reader sees it; one document per movement stream.</summary>
public sealed class MovementView : IRevisioned
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Lower-cased name behind the unique index: two movements cannot share a name.</summary>
    public string NameKey { get; set; } = "";
    public string Country { get; set; } = "";
    public string Region { get; set; } = "";
    public string Sector { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public List<Guid> RepresentativeIds { get; set; } = [];
    public int Version { get; set; }
}

public sealed partial class MovementViewProjection : SingleStreamProjection<MovementView, Guid>
{
    public static MovementView Create(MovementRegistered e) => new()
    {
        Id = e.MovementId,
        Name = e.Name,
        NameKey = e.Name.Trim().ToLowerInvariant(),
        Country = e.Country,
        Region = e.Region,
        Sector = e.Sector,
        RegisteredAt = e.At,
    };

    public static void Apply(RepresentativeAppointed e, MovementView view) => view.RepresentativeIds.Add(e.RepresentativeId);

    public static void Apply(RepresentativeWithdrawn e, MovementView view) => view.RepresentativeIds.Remove(e.RepresentativeId);
}
