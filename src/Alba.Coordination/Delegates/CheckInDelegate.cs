using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public sealed record CheckInDelegate(string Station, DateTimeOffset ScannedAt, string ScanId);

/// <summary>The delegate's check-in as it stands after the scan: the earliest scan wins.</summary>
public sealed record CheckedIn(Guid DelegateId, DateTimeOffset CheckedInAt, string Station, bool Changed);

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
    /// offline: a scan id seen before changes nothing, and the projection keeps the earliest time.
    /// </summary>
    public static Decision Decide(DelegateView view, CheckInDelegate command, Actor actor, DateTimeOffset now)
    {
        if (command.ScannedAt > now + AllowedClockSkew)
            return Problems.Invalid("scannedAt", $"'scannedAt' ({command.ScannedAt:O}) is in the future.");
        if (view.ScanIds.Contains(command.ScanId)) return Decision.Nothing;
        if (view.Status != DelegateStatus.Accredited) return Refusals.Status(view, "checked in (only an accredited delegate can be)");
        return Decision.Append(new DelegateCheckedIn(view.Id, view.AssemblyId, command.Station.Trim(), command.ScanId, command.ScannedAt.ToUniversalTime(),
            actor.Id, now));
    }

    [WolverinePost("/api/delegates/{id}/check-ins", Name = "CheckInDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, CheckInDelegate command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        DelegateCommands.Handle(id, session,
            view => Decide(view, command, user.Actor(), clock.GetUtcNow()),
            (view, decision) => Answer(view, decision));

    /// <summary>The first check-in after this decision, whichever scan came first.</summary>
    public static CheckedIn Answer(DelegateView view, Decision decision)
    {
        var scan = decision.Events.OfType<DelegateCheckedIn>().SingleOrDefault();
        return scan is not null && (view.CheckedInAt is not { } earlier || scan.ScannedAt < earlier)
            ? new CheckedIn(view.Id, scan.ScannedAt, scan.Station, true)
            : new CheckedIn(view.Id, view.CheckedInAt!.Value, view.CheckInStation!, scan is not null);
    }
}
