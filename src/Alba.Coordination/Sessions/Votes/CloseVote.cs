namespace Alba.Coordination.Sessions;

public static class CloseVoteEndpoint
{
    /// <summary>
    /// Closes the open vote and records its result. <paramref name="secretBox"/> holds a secret vote's choices (null
    /// for a named vote, whose tally the motion keeps). A missed quorum rejects the motion whatever the counts.
    /// </summary>
    public static Decision Decide(MotionState motion, BallotCounts? secretBox, Actor actor, DateTimeOffset now)
    {
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is already closed.");
        var counts = vote.Secret ? secretBox ?? throw new InvalidOperationException("A secret vote needs its ballot box.") : vote.NamedTally;
        var result = VoteRules.Result(vote.Majority, vote.Quorum, vote.Eligible, counts);
        return Decision.Append(new VoteClosed(motion.Id, motion.SessionId, motion.AssemblyId, result.Yes, result.No, result.Abstain,
            result.Eligible, result.Cast, result.QuorumMet, result.Outcome, actor.Id, now));
    }

    /// <summary>
    /// The motion's row is locked before the box is read: every ballot takes the same lock before touching the box, so the
    /// box holds exactly the ballots of the register this close sees.
    /// </summary>
    [WolverinePost("/api/motions/{id}/vote/closing", Name = "CloseVote"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post([LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var box = stream.Loaded().Vote is { Secret: true } ? (await session.LoadAsync<SecretBallotBox>(stream.Id))?.ToCounts() : null;
        return await session.Decide(stream, state => Decide(state, box, user.Actor(), clock.GetUtcNow()), (after, _) => after.Vote!.Result!);
    }
}
