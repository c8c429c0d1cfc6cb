namespace Alba.Coordination.Sessions;

public static class AdjournSessionEndpoint
{
    /// <summary>Adjourns an open session; a speaker still at the floor has the turn ended first. A session with an open vote stays open.</summary>
    public static Decision Decide(SessionState session, bool voteOpen, Actor actor, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("Only an open session can be adjourned.");
        if (voteOpen) return Problems.Conflict("A vote is open in this session; close it before adjourning.");
        var adjourned = new SessionAdjourned(session.Id, session.AssemblyId, actor.Id, now);
        return session.CurrentSpeaker is { } turn
            ? Decision.Append(new SpeakingTurnEnded(session.Id, turn.DelegateId, actor.Id, now), adjourned)
            : Decision.Append(adjourned);
    }

    [WolverinePost("/api/sessions/{id}/adjournment", Name = "AdjournSession"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post([LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var id = stream.Id;
        // Read under the session's lock, which opening a vote takes too: no vote can open between this read and the commit.
        var voteOpen = await session.Query<MotionView>().AnyAsync(m => m.SessionId == id && m.Status == MotionStatus.Voting);
        return await session.Decide(stream, state => Decide(state, voteOpen, user.Actor(), clock.GetUtcNow()),
            (after, _) => new SessionStatusAnswer(after.Id, after.Status));
    }
}
