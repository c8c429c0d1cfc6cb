using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record MotionText(Guid MotionId, int Revision, string Text);

public static class AcceptAmendmentEndpoint
{
    /// <summary>
    /// The chair accepts an amendment: its wording replaces the motion text as the next revision. An amendment drafted
    /// against an older revision would silently undo what was accepted since, so it is refused (to be proposed again).
    /// Accepting the same amendment again changes nothing.
    /// </summary>
    public static Decision Decide(MotionView motion, Guid amendmentId, Actor actor, DateTimeOffset now)
    {
        if (motion.Amendments.SingleOrDefault(a => a.Id == amendmentId) is not { } amendment)
            return Problems.NotFound($"The motion has no amendment {amendmentId}.");
        if (amendment.AcceptedAt is not null) return Decision.Nothing;
        if (motion.Vote is not null) return Problems.Conflict("The motion has been put to the vote; it can no longer be amended.");
        if (amendment.AmendsRevision != motion.Revision)
            return Problems.Conflict($"The amendment was drafted against revision {amendment.AmendsRevision}; the motion text is now at revision {motion.Revision}. Propose it again on the current text.");
        return Decision.Append(new AmendmentAccepted(motion.Id, motion.SessionId, amendmentId, actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/amendments/{amendmentId}/acceptance", Name = "AcceptAmendment"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, Guid amendmentId, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<MotionView>(id) is not { } stream) return MotionQueries.NotFound(id);
        var motion = stream.Aggregate!;
        var decision = Decide(motion, amendmentId, user.Actor(), clock.GetUtcNow());
        return stream.AppendOrRefuse(decision, () =>
        {
            var accepted = motion.Amendments.Single(a => a.Id == amendmentId);
            var revision = decision.Events.Count == 0 ? motion.Revision : motion.Revision + 1;
            return Results.Ok(new MotionText(id, revision, decision.Events.Count == 0 ? motion.Text : accepted.Text));
        });
    }
}
