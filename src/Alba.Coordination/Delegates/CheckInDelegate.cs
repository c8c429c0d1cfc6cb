namespace Alba.Coordination.Delegates;

public sealed record CheckInDelegate(string Station, DateTimeOffset ScannedAt, string ScanId);

/// <summary>The delegate's check-in as it stands after the scan (the earliest scan wins); <c>Changed</c> is false for a repeated scan.</summary>
public sealed record CheckInAnswer(Guid DelegateId, DateTimeOffset CheckedInAt, string Station, bool Changed);

public static class CheckInDelegateEndpoint
{
    /// <summary>Station clocks drift; a scan further ahead of the server than this is refused.</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static ProblemDetails Validate(CheckInDelegate command) => new Validation()
        .Required(command.Station, "station", 100)
        .Required(command.ScanId, "scanId", 100)
        .Check(command.ScannedAt != default, "scannedAt", "'scannedAt' is required (an ISO-8601 time).")
        .ToProblem();

    /// <summary>
    /// Scans are facts from door stations, uploaded late and out of order when a station was
    /// offline: a scan id seen before changes nothing, and the earliest scan time is the check-in.
    /// </summary>
    public static Decision Decide(DelegateState state, CheckInDelegate command, Actor actor, DateTimeOffset now)
    {
        if (command.ScannedAt > now + AllowedClockSkew)
            return Problems.Invalid("scannedAt", $"'scannedAt' ({command.ScannedAt:O}) is in the future.");
        if (state.ScanIds.Contains(command.ScanId)) return Decision.Nothing;
        if (state.Status != DelegateStatus.Accredited) return Refusals.Status(state, "checked in (only an accredited delegate can be)");
        return Decision.Append(new DelegateCheckedIn(state.Id, state.AssemblyId, command.Station.Trim(), command.ScanId,
            command.ScannedAt.ToUniversalTime(), actor.Id, now));
    }

    [WolverinePost("/api/delegates/{id}/check-ins", Name = "CheckInDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(CheckInDelegate command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        return session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new CheckInAnswer(after.Id, after.CheckedInAt!.Value, after.CheckInStation!, decision.Changes));
    }
}
