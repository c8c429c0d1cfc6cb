using Alba.Coordination.Delegates;
using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Sessions;

/// <summary>
/// Opens a vote. A secret one names its tellers (<c>tellerIds</c>: accredited delegates of the assembly, whose devices make the key;
/// the console's only mode) and how many of them decrypt (<c>threshold</c>, default all); without <c>tellerIds</c> the server deals
/// the key to <c>tellers</c> shares (default 1 of 1), a weaker mode the board labels "key held by the server".
/// </summary>
public sealed record OpenVote(bool Secret, string Majority, int Quorum, int Tellers = 1, int? Threshold = null, Guid[]? TellerIds = null)
{
    public int TellerCount => TellerIds?.Length ?? Tellers;

    public int SharesNeeded => Threshold ?? TellerCount;

    public bool NamesTellers => Secret && TellerIds is not null;
}

/// <summary>
/// The opening's answer. For a secret vote dealt by the server <c>tellerShares</c> are the tellers' shares of the decryption key:
/// answered this once to the chair, who hands each teller its own, and stored nowhere. A vote with named tellers answers no share
/// (nobody has the key) and <c>status</c> keying: it takes ballots once the tellers' devices have made the key.
/// </summary>
public sealed record VoteOpenedAnswer(Guid MotionId, bool Secret, string Majority, int Quorum, int Eligible, TellerShare[]? TellerShares,
    string Status = "open");

public static class OpenVoteEndpoint
{
    public static ProblemDetails Validate(OpenVote command) => new Validation()
        .Check(Majorities.All.Contains(command.Majority), "majority", $"'majority' must be one of: {string.Join(", ", Majorities.All)}.")
        .Check(command.Quorum >= 0, "quorum", "'quorum' (the least number of ballots cast) must be 0 or more.")
        .Check(command.Tellers is >= 1 and <= 25, "tellers", "'tellers' (who hold shares of a secret vote's key) must be 1 to 25.")
        .Check(command.TellerIds is null || (command.TellerIds.Length is >= 1 and <= 25 && command.TellerIds.Distinct().Count() == command.TellerIds.Length),
            "tellerIds", "'tellerIds' names 1 to 25 different delegates.")
        .Check(command.SharesNeeded >= 1 && command.SharesNeeded <= command.TellerCount, "threshold", "'threshold' must be 1 to the number of tellers.")
        .ToProblem();

    /// <summary>Named tellers are accredited delegates of the motion's assembly: they sign in, and their devices make the key.</summary>
    public static ProblemDetails TellersFault(IReadOnlyList<DelegateView> delegates, Guid assemblyId, Guid[] tellerIds)
    {
        var accredited = delegates.Where(d => d.AssemblyId == assemblyId && d.Status == DelegateStatus.Accredited).Select(d => d.Id).ToHashSet();
        var strangers = tellerIds.Where(id => !accredited.Contains(id)).ToArray();
        return strangers.Length == 0
            ? Problems.Ok
            : Problems.Invalid("tellerIds", $"Tellers are accredited delegates of this assembly; these are not: {string.Join(", ", strangers)}.");
    }

    /// <summary>
    /// Puts the motion to its one vote in an open session, fixing the roll of eligible delegates as of now; a secret vote opens
    /// its board with the public side of <paramref name="key"/> (dealt by the endpoint).
    /// </summary>
    public static Decision Decide(MotionState motion, SessionState session, IEnumerable<DelegateView> delegates, OpenVote command, ElectionKey? key,
        Actor actor, DateTimeOffset now)
    {
        if (session.Status != SessionStatus.Open) return Problems.Conflict("Votes are held in an open session; this one is not open.");
        if (motion.Vote is not null) return Problems.Conflict("This motion has already been put to the vote.");
        var opened = new VoteOpened(motion.Id, motion.SessionId, motion.AssemblyId, command.Secret, command.Majority, command.Quorum,
            VoteRules.EligibleVoters(delegates, motion.AssemblyId), actor.Id, now);
        if (!command.Secret) return Decision.Append(opened);
        if (command.NamesTellers)
        {
            var strangers = TellersFault(delegates.ToList(), motion.AssemblyId, command.TellerIds!);
            return Problems.IsOk(strangers)
                ? Decision.Append(opened, new TellersNamed(motion.Id, motion.SessionId, command.TellerIds!, command.SharesNeeded, now))
                : strangers;
        }
        if (key is null) throw new InvalidOperationException("A secret vote opens with its key.");
        return Decision.Append(opened, new BallotBoardOpened(motion.Id, motion.SessionId, key.PublicKey, key.Threshold, key.TellerKeys, now));
    }

    /// <summary>No idempotency record: it would store this answer, and with it the tellers' shares. A repeat is a 409.</summary>
    [WolverinePost("/api/motions/{id}/vote", Name = "OpenVote"), Authorize(Roles = Roles.Organiser), IdempotencyExempt]
    public static async Task<IResult> Post(OpenVote command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, ElectionKeys keys, TimeProvider clock)
    {
        var motion = stream.Loaded();
        // The session's stream owns "votes are held in an open session": its lock (taken after the motion's, the one order
        // every command follows) makes opening a vote and adjourning decide one after another (docs/voting.md).
        var sessionState = (await session.Events.FetchForExclusiveWriting<SessionState>(motion.SessionId)).Aggregate
            ?? throw new InvalidOperationException($"Motion {motion.Id} names session {motion.SessionId}, which has no stream.");
        var delegates = await session.Query<DelegateView>().Where(d => d.AssemblyId == motion.AssemblyId).ToListAsync();
        var dealt = command is { Secret: true, NamesTellers: false } ? Tellers.Deal(command.Tellers, command.SharesNeeded) : default;
        var decision = Decide(motion, sessionState, delegates, command, dealt.Key, user.Actor(), clock.GetUtcNow());
        var answer = await session.Decide(stream, _ => decision, (after, _) =>
            new VoteOpenedAnswer(after.Id, after.Vote!.Secret, after.Vote.Majority, after.Vote.Quorum, after.Vote.Eligible, dealt.Shares,
                after.Vote.IsKeying ? "keying" : "open"));
        // A vote whose tellers make the key has none yet: its ballots read it once it exists.
        if (!decision.Changes || command.NamesTellers) return answer;
        // Committed here, not after the endpoint, so this node's ballots know the vote's key only once it stands.
        await session.SaveChangesAsync();
        keys.Opened(motion.Id, dealt.Key);
        return answer;
    }
}
