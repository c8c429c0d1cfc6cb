namespace Alba.Coordination.Mobilisations;

/// <summary>A field report: the action's cumulative totals as of <see cref="ReportedAt"/>.</summary>
public sealed record ReportAction(string ReportId, DateTimeOffset ReportedAt, long Turnout, long Arrests, long Injuries, long Deaths, string? Note);

/// <summary>The action's figures after the request, and whether this report is the latest (its figures are the action's).</summary>
public sealed record ReportAnswer(Guid ActionId, string ReportId, bool Repeated, bool IsLatest, ActionFigures Figures, DateTimeOffset? FiguresAsOf);

/// <summary>What no real report can say; such figures are refused as typing mistakes.</summary>
public static class ReportLimits
{
    public const long MaxTurnout = 50_000_000;
    /// <summary>Arrests, injuries and deaths may include people beyond the crowd (bystanders), but not by more than this.</summary>
    public const long BeyondTurnout = 1_000;
    /// <summary>Field phones' clocks drift; a report further in the future than this is a mistake.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(15);
    /// <summary>Reports about preparations may come a little before the start, not days before.</summary>
    public static readonly TimeSpan BeforeStart = TimeSpan.FromDays(1);
    public const int LongestNote = 2_000;
}

public static class ReportActionEndpoint
{
    public static ProblemDetails Validate(ReportAction command, TimeProvider clock) => Check(command, clock.GetUtcNow());

    /// <summary>Pure field checks of one report at a given time.</summary>
    public static ProblemDetails Check(ReportAction command, DateTimeOffset now)
    {
        var validation = new Validation()
            .Required(command.ReportId, "reportId", 100)
            .Time(command.ReportedAt, "reportedAt")
            .Check(command.ReportedAt <= now + ReportLimits.FutureTolerance, "reportedAt", "'reportedAt' is in the future.")
            .Check(command.Turnout is >= 0 and <= ReportLimits.MaxTurnout, "turnout",
                $"'turnout' must be between 0 and {ReportLimits.MaxTurnout:N0}.")
            .Check(command.Note is null || command.Note.Length <= ReportLimits.LongestNote, "note",
                $"'note' must be at most {ReportLimits.LongestNote} characters.");
        CheckCasualties(validation, command.Arrests, "arrests", command.Turnout);
        CheckCasualties(validation, command.Injuries, "injuries", command.Turnout);
        CheckCasualties(validation, command.Deaths, "deaths", command.Turnout);
        return validation.ToProblem();
    }

    private static void CheckCasualties(Validation validation, long value, string field, long turnout)
    {
        if (value < 0) validation.Add(field, $"'{field}' must not be negative.");
        else if (value > Math.Max(turnout, 0) + ReportLimits.BeyondTurnout)
            validation.Add(field, $"'{field}' ({value:N0}) cannot exceed the turnout by more than {ReportLimits.BeyondTurnout:N0}.");
    }

    /// <summary>
    /// The organising movement's representative (or an organiser) reports; a known report id changes nothing; the report
    /// with the latest reportedAt wins (<see cref="ActionReports.IsLatest"/>), so a late arrival is recorded without
    /// changing the figures.
    /// </summary>
    public static Decision Decide(ActionState action, ReportAction command, Actor actor, DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(action.OrganisingMovementId))
            return Problems.Forbidden("Only the organising movement's representative, or an organiser, may report on this action.");
        if (action.ReportIds.Contains(command.ReportId)) return Decision.Nothing;
        if (command.ReportedAt < action.StartsAt - ReportLimits.BeforeStart)
            return Problems.Invalid("reportedAt", $"'reportedAt' is more than a day before the action starts ({action.StartsAt:O}).");
        var figures = new ActionFigures(command.Turnout, command.Arrests, command.Injuries, command.Deaths);
        return Decision.Append(new ActionReported(action.Id, action.MobilisationId, command.ReportId, command.ReportedAt.ToUniversalTime(), figures,
            string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(), ActionReports.IsLatest(command.ReportedAt, action.FiguresAsOf),
            actor.Id, now));
    }

    /// <summary>
    /// The action's stream is locked for the transaction: concurrent reports on one action queue, so each decides
    /// against the figures the previous one left, and a repeated reportId is seen. Reports on different actions lock
    /// different streams and never wait for each other.
    /// </summary>
    [WolverinePost("/api/actions/{id}/reports", Name = "ReportAction"), Authorize]
    public static Task<IResult> Post(ReportAction command, [LockedStream("action")] IEventStream<ActionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        return session.Decide(stream, action => Decide(action, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new ReportAnswer(after.Id, command.ReportId, Repeated: !decision.Changes,
                IsLatest: after.FiguresReportId == command.ReportId, after.Figures, after.FiguresAsOf),
            createdAt: $"/api/actions/{stream.Id}");
    }
}
