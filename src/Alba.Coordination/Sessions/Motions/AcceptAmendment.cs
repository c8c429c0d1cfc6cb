namespace Alba.Coordination.Sessions;

/// <summary>The motion's text and revision after an acceptance.</summary>
public sealed record MotionText(Guid MotionId, int Revision, string Text);

public static class AcceptAmendmentEndpoint
{
    /// <summary>
    /// The chair accepts an amendment: its wording replaces the motion text as the next revision. An amendment drafted
    /// against an older revision would silently undo what was accepted since, so it is refused (to be proposed again).
    /// Accepting the same amendment again changes nothing.
    /// </summary>
    public static Decision Decide(MotionState motion, Guid amendmentId, Actor actor, DateTimeOffset now)
    {
        if (motion.Amendments.SingleOrDefault(a => a.Id == amendmentId) is not { } amendment)
            return Problems.NotFound($"The motion has no amendment {amendmentId}.");
        if (amendment.Accepted) return Decision.Nothing;
        if (motion.Vote is not null) return Problems.Conflict("The motion has been put to the vote; it can no longer be amended.");
        if (amendment.AmendsRevision != motion.Revision)
            return Problems.Conflict($"The amendment was drafted against revision {amendment.AmendsRevision}; the motion text is now at revision {motion.Revision}. Propose it again on the current text.");
        return Decision.Append(new AmendmentAccepted(motion.Id, motion.SessionId, amendmentId, actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/amendments/{amendmentId}/acceptance", Name = "AcceptAmendment"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid amendmentId, [LockedStream("motion", "id")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, amendmentId, user.Actor(), clock.GetUtcNow()),
            (after, _) => new MotionText(after.Id, after.Revision, after.Text));
}
