using System.Collections.Immutable;
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
/// <see cref="IsLatest"/> records what was decided under the stream lock: whether this report was newer than every
/// earlier one (<see cref="ActionReports.IsLatest"/>), so its figures became the action's. A late report is kept for
/// the record with IsLatest false and changes nothing.
/// </summary>
public sealed record ActionReported(Guid ActionId, Guid MobilisationId, string ReportId, DateTimeOffset ReportedAt, ActionFigures Figures,
    string? Note, bool IsLatest, Guid By, DateTimeOffset At);

/// <summary>
/// The report with the latest reportedAt wins, whatever order reports arrive in (a tie keeps the one that arrived
/// first): the one rule, for the decision, the write model and the view.
/// </summary>
public static class ActionReports
{
    public static bool IsLatest(DateTimeOffset reportedAt, DateTimeOffset? figuresAsOf) => figuresAsOf is not { } asOf || reportedAt > asOf;
}

/// <summary>
/// What reports on one action decide on and answer from, folded live from the action's stream, never stored: who may
/// report and from when, the report ids seen, and the latest report (its figures are the action's).
/// </summary>
public sealed record ActionState(Guid Id, Guid MobilisationId, Guid OrganisingMovementId, DateTimeOffset StartsAt,
    ImmutableHashSet<string> ReportIds, ActionFigures Figures, DateTimeOffset? FiguresAsOf, string? FiguresReportId)
{
    public static ActionState Create(ActionRegistered e) =>
        new(e.ActionId, e.MobilisationId, e.OrganisingMovementId, e.StartsAt, [], ActionFigures.None, null, null);

    public ActionState Apply(ActionReported e) => ActionReports.IsLatest(e.ReportedAt, FiguresAsOf)
        ? this with { ReportIds = ReportIds.Add(e.ReportId), Figures = e.Figures, FiguresAsOf = e.ReportedAt, FiguresReportId = e.ReportId }
        : this with { ReportIds = ReportIds.Add(e.ReportId) };
}

/// <summary>One local action with its latest figures; inline, so dashboards sum it exactly whenever they are read.</summary>
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
    /// <summary>The reportedAt of the latest report, whose figures these are; null before the first report.</summary>
    public DateTimeOffset? FiguresAsOf { get; set; }
    public string? FiguresReportId { get; set; }
    /// <summary>Every report id received, late ones included.</summary>
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
        if (!ActionReports.IsLatest(e.ReportedAt, view.FiguresAsOf)) return;
        view.Figures = e.Figures;
        view.FiguresAsOf = e.ReportedAt;
        view.FiguresReportId = e.ReportId;
    }
}
