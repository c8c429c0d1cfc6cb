using Alba.Coordination.Delegates;

namespace Alba.Coordination.Sessions;

public sealed record OpenVote(bool Secret, string Majority, int Quorum);

public sealed record VoteOpenedAnswer(Guid MotionId, bool Secret, string Majority, int Quorum, int Eligible);

public static class OpenVoteEndpoint
{
    public static ProblemDetails Validate(OpenVote command) => new Validation()
        .Check(Majorities.All.Contains(command.Majority), "majority", $"'majority' must be one of: {string.Join(", ", Majorities.All)}.")
        .Check(command.Quorum >= 0, "quorum", "'quorum' (the least number of ballots cast) must be 0 or more.")
        .ToProblem();

    /// <summary>Puts the motion to its one vote in an open session, fixing the roll of eligible delegates as of now.</summary>
    public static Decision Decide(MotionState motion, SessionState session, IEnumerable<DelegateView> delegates, OpenVote command, Actor actor,
        DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("Votes are held in an open session; this one is not open.");
        if (motion.Vote is not null) return Problems.Conflict("This motion has already been put to the vote.");
        return Decision.Append(new VoteOpened(motion.Id, motion.SessionId, motion.AssemblyId, command.Secret, command.Majority, command.Quorum,
            VoteRules.EligibleVoters(delegates, motion.AssemblyId), actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/vote", Name = "OpenVote"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(OpenVote command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var motion = stream.Loaded();
        // The session's stream owns "votes are held in an open session": its lock (taken after the motion's, the one order
        // every command follows) makes opening a vote and adjourning decide one after another (docs/voting.md).
        var sessionState = (await session.Events.FetchForExclusiveWriting<SessionState>(motion.SessionId)).Aggregate
            ?? throw new InvalidOperationException($"Motion {motion.Id} names session {motion.SessionId}, which has no stream.");
        var delegates = await session.Query<DelegateView>().Where(d => d.AssemblyId == motion.AssemblyId).ToListAsync();
        var decision = Decide(motion, sessionState, delegates, command, user.Actor(), clock.GetUtcNow());
        // The secret ballot box exists from the start, so every ballot is an increment and none creates it.
        if (decision.Changes && command.Secret) session.Insert(new SecretBallotBox { Id = motion.Id });
        return await session.Decide(stream, _ => decision, (after, _) =>
            new VoteOpenedAnswer(after.Id, after.Vote!.Secret, after.Vote.Majority, after.Vote.Quorum, after.Vote.Eligible));
    }
}
