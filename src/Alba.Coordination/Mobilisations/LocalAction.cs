using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Mobilisations;

public static class ActionKinds
{
    public static readonly string[] All = ["march", "strike", "vigil", "blockade", "assembly", "other"];
}

/// <summary>An action's cumulative totals as of one report.</summary>
public sealed record ActionFigures(long Turnout, long Arrests, long Injuries, long Deaths)
{
    public static readonly ActionFigures None = new(0, 0, 0, 0);
}

// Events on a local action's own stream: one stream per action, so reports on different actions
// never contend. Each carries the call's id so the call's views and live group can gather them.
public sealed record ActionRegistered(Guid ActionId, Guid MobilisationId, string City, string Country, string Kind, DateTimeOffset StartsAt,
    Guid OrganisingMovementId, Guid By, DateTimeOffset At);

/// <summary>
/// A field report: <see cref="Figures"/> are the action's totals as of <see cref="ReportedAt"/>.
/// <see cref="IsLatest"/> records the decision taken under the stream lock: whether this report was
/// newer than every earlier one, so its figures became the action's. A late report is kept for the
/// record with IsLatest false and changes nothing.
/// </summary>
public sealed record ActionReported(Guid ActionId, Guid MobilisationId, string ReportId, DateTimeOffset ReportedAt, ActionFigures Figures,
    string? Note, bool IsLatest, Guid By, DateTimeOffset At);

/// <summary>One local action with its current figures; inline, so reports decide against it and dashboards sum it.</summary>
public sealed class ActionView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid MobilisationId { get; set; }
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public Guid OrganisingMovementId { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public ActionFigures Figures { get; set; } = ActionFigures.None;
    /// <summary>The reportedAt of the report whose figures are current; null before the first report.</summary>
    public DateTimeOffset? FiguresAsOf { get; set; }
    public string? FiguresReportId { get; set; }
    /// <summary>Every report id received, late ones included: a repeated id is a no-op.</summary>
    public List<string> ReportIds { get; set; } = [];
    public int Version { get; set; }
}

public sealed partial class ActionViewProjection : SingleStreamProjection<ActionView, Guid>
{
    public static ActionView Create(ActionRegistered e) => new()
    {
        Id = e.ActionId, MobilisationId = e.MobilisationId, City = e.City, Country = e.Country, Kind = e.Kind, StartsAt = e.StartsAt,
        OrganisingMovementId = e.OrganisingMovementId, RegisteredAt = e.At,
    };

    public static void Apply(ActionReported e, ActionView view)
    {
        view.ReportIds.Add(e.ReportId);
        if (!e.IsLatest) return;
        view.Figures = e.Figures;
        view.FiguresAsOf = e.ReportedAt;
        view.FiguresReportId = e.ReportId;
    }
}
