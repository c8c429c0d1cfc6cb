using Alba.Coordination.Live;
using Alba.Coordination.Movements;

namespace Alba.Coordination.Mobilisations;

public sealed record MobilisationSummary(Guid Id, string Title, string Language, DateOnly StartsOn, DateOnly EndsOn, string[] Countries,
    IReadOnlyList<Guid> ConvenedBy, int Endorsements, DateTimeOffset CalledAt)
{
    public static MobilisationSummary From(MobilisationView v) =>
        new(v.Id, v.Title, v.Language, v.StartsOn, v.EndsOn, v.Countries, v.ConvenedBy, v.Endorsements, v.CalledAt);
}

public sealed record MobilisationDetails(Guid Id, string Title, string CallText, string Language, DateOnly StartsOn, DateOnly EndsOn,
    string[] Countries, IReadOnlyList<Guid> ConvenedBy, IReadOnlyList<Guid> EndorsedBy, int Endorsements, DateTimeOffset CalledAt, int Version)
{
    public static MobilisationDetails From(MobilisationView v) =>
        new(v.Id, v.Title, v.CallText, v.Language, v.StartsOn, v.EndsOn, v.Countries, v.ConvenedBy, v.EndorsedBy, v.Endorsements, v.CalledAt, v.Version);
}

public sealed record ActionSummary(Guid Id, Guid MobilisationId, string City, string Country, string Kind, DateTimeOffset StartsAt,
    Guid OrganisingMovementId, long Turnout, long Arrests, long Injuries, long Deaths, DateTimeOffset? FiguresAsOf, int Reports, int Version)
{
    public static ActionSummary From(ActionView a) =>
        new(a.Id, a.MobilisationId, a.City, a.Country, a.Kind, a.StartsAt, a.OrganisingMovementId, a.Figures.Turnout, a.Figures.Arrests,
            a.Figures.Injuries, a.Figures.Deaths, a.FiguresAsOf, a.ReportIds.Count, a.Version);
}

/// <summary>
/// One report as received: whether it was the latest when it arrived, and whether it is the latest now (its figures are the
/// action's). The note may name people, so only the organising movement and organisers see it.
/// </summary>
public sealed record ReportEntry(string ReportId, DateTimeOffset ReportedAt, long Turnout, long Arrests, long Injuries, long Deaths,
    bool WasLatestOnArrival, bool IsLatest, string? Note, DateTimeOffset ReceivedAt, long Version);

public static class MobilisationQueries
{
    [WolverineGet("/api/mobilisations", Name = "ListMobilisations")]
    public static async Task<IReadOnlyList<MobilisationSummary>> List(IQuerySession session)
    {
        var calls = await session.Query<MobilisationView>().OrderByDescending(m => m.CalledAt).ToListAsync();
        return calls.Select(MobilisationSummary.From).ToList();
    }

    [WolverineGet("/api/mobilisations/{id}", Name = "GetMobilisation")]
    [LiveGroup("mobilisation:{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<MobilisationView>(id) is { } call
            ? Results.Ok(MobilisationDetails.From(call))
            : NotFound(id);

    [WolverineGet("/api/mobilisations/{id}/dashboard", Name = "GetMobilisationDashboard")]
    [LiveGroup("mobilisation:{id}")]
    public static async Task<IResult> Dashboard(Guid id, IQuerySession session)
    {
        if (await session.LoadAsync<MobilisationView>(id) is not { } call) return NotFound(id);
        return Results.Ok(MobilisationDashboard.From(call, await ActionsOf(id, session)));
    }

    [WolverineGet("/api/mobilisations/{id}/actions", Name = "ListMobilisationActions")]
    [LiveGroup("mobilisation:{id}")]
    public static async Task<IResult> Actions(Guid id, IQuerySession session)
    {
        if (await session.LoadAsync<MobilisationView>(id) is null) return NotFound(id);
        return Results.Ok((await ActionsOf(id, session)).Select(ActionSummary.From).ToList());
    }

    [WolverineGet("/api/mobilisations/{id}/actions.csv", Name = "ExportMobilisationActions")]
    public static async Task<IResult> ActionsCsvFile(Guid id, IQuerySession session)
    {
        if (await session.LoadAsync<MobilisationView>(id) is null) return NotFound(id);
        var actions = await ActionsOf(id, session);
        var movements = await session.LoadManyAsync<MovementView>(actions.Select(a => a.OrganisingMovementId).Distinct());
        return CsvFile.Answer($"mobilisation-{id}-actions.csv", ActionsCsv.Header,
            ActionsCsv.Rows(actions, movements.ToDictionary(m => m.Id, m => m.Name)));
    }

    [WolverineGet("/api/actions/{id}", Name = "GetAction")]
    public static async Task<IResult> Action(Guid id, IQuerySession session) =>
        await session.LoadAsync<ActionView>(id) is { } action
            ? Results.Ok(ActionSummary.From(action))
            : Results.Problem(Problems.NotFound($"No action has id {id}."));

    /// <summary>Every report of one action, oldest first, late ones included: one bounded stream.</summary>
    [WolverineGet("/api/actions/{id}/reports", Name = "ListActionReports")]
    public static async Task<IResult> Reports(Guid id, ClaimsPrincipal user, IQuerySession session)
    {
        if (await session.LoadAsync<ActionView>(id) is not { } action) return Results.Problem(Problems.NotFound($"No action has id {id}."));
        var mayReadNotes = user.ToActor()?.MaySpeakFor(action.OrganisingMovementId) == true;
        var events = await session.Events.FetchStreamAsync(id);
        return Results.Ok(events
            .Where(e => e.Data is ActionReported)
            .Select(e => (Report: (ActionReported)e.Data, e.Version))
            .Select(r => new ReportEntry(r.Report.ReportId, r.Report.ReportedAt, r.Report.Figures.Turnout, r.Report.Figures.Arrests,
                r.Report.Figures.Injuries, r.Report.Figures.Deaths, r.Report.IsLatest, r.Report.ReportId == action.FiguresReportId,
                mayReadNotes ? r.Report.Note : null, r.Report.At, r.Version))
            .ToList());
    }

    private static async Task<IReadOnlyList<ActionView>> ActionsOf(Guid mobilisationId, IQuerySession session) =>
        await session.Query<ActionView>()
            .Where(a => a.MobilisationId == mobilisationId)
            .OrderBy(a => a.Country).ThenBy(a => a.City).ThenBy(a => a.StartsAt)
            .ToListAsync();

    private static IResult NotFound(Guid id) => Results.Problem(Problems.NotFound($"No mobilisation call has id {id}."));
}
