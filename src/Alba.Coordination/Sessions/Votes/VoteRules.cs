using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Delegates;

namespace Alba.Coordination.Sessions;

public static class BallotChoices
{
    public const string Yes = "yes";
    public const string No = "no";
    public const string Abstain = "abstain";
    public static readonly string[] All = [Yes, No, Abstain];
}

public static class Majorities
{
    public const string Simple = "simple";
    public const string TwoThirds = "twoThirds";
    public static readonly string[] All = [Simple, TwoThirds];
}

public static class VoteOutcomes
{
    public const string Adopted = "adopted";
    public const string Rejected = "rejected";

    public static MotionStatus MotionStatus(string outcome) => outcome == Adopted ? Sessions.MotionStatus.Adopted : Sessions.MotionStatus.Rejected;
}

public sealed record BallotCounts(int Yes, int No, int Abstain)
{
    public static readonly BallotCounts None = new(0, 0, 0);

    public int Cast => Yes + No + Abstain;

    /// <summary>These counts with one more ballot of <paramref name="choice"/>.</summary>
    public BallotCounts With(string choice) => choice switch
    {
        BallotChoices.Yes => this with { Yes = Yes + 1 },
        BallotChoices.No => this with { No = No + 1 },
        BallotChoices.Abstain => this with { Abstain = Abstain + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(choice), "Unknown ballot choice."),
    };
}

/// <summary>The arithmetic of a vote, and who may take part: pure rules the endpoints and tests share.</summary>
public static class VoteRules
{
    /// <summary>The roll fixed when a vote opens: the assembly's delegates who may vote now (role delegate, accredited, checked in).</summary>
    public static Guid[] EligibleVoters(IEnumerable<DelegateView> delegates, Guid assemblyId) =>
        delegates.Where(d => d.AssemblyId == assemblyId && d.MayVote).Select(d => d.Id).Order().ToArray();

    /// <summary>
    /// A vote whose key named tellers make takes ballots only between the key's making and the closing: before, there is no key
    /// to encrypt under; after, the sums the tellers decrypt are fixed. Null when it takes them (open, or not secret).
    /// </summary>
    public static ProblemDetails? BallotRefusal(MotionVote vote) =>
        vote.KeyingFailed ? Problems.Conflict("Too few qualified tellers were left to make this vote's key: it takes no ballots; the chair opens another vote.")
        : vote.IsKeying ? Problems.Conflict("The tellers are still making this vote's key; ballots are taken once it exists.")
        : vote.IsSealed ? Problems.Conflict("The vote is closed to ballots; its tellers are decrypting the tally.")
        : null;

    /// <summary>
    /// Abstentions count towards the quorum but not the majority. Simple: more yes than no.
    /// Two thirds: yes at least two thirds of yes + no, and at least one yes (nobody adopts a motion by abstaining).
    /// </summary>
    public static bool MajorityReached(string majority, int yes, int no) => majority switch
    {
        Majorities.Simple => yes > no,
        Majorities.TwoThirds => yes > 0 && 3 * yes >= 2 * (yes + no),
        _ => throw new ArgumentOutOfRangeException(nameof(majority), majority, "Unknown majority."),
    };

    /// <summary>The quorum is the least number of ballots cast (abstentions included) for the vote to decide anything.</summary>
    public static bool QuorumMet(int cast, int quorum) => cast >= quorum;

    public static VoteResult Result(string majority, int quorum, int eligible, BallotCounts counts)
    {
        var quorumMet = QuorumMet(counts.Cast, quorum);
        var adopted = quorumMet && MajorityReached(majority, counts.Yes, counts.No);
        return new VoteResult(counts.Yes, counts.No, counts.Abstain, eligible, counts.Cast, quorumMet,
            adopted ? VoteOutcomes.Adopted : VoteOutcomes.Rejected);
    }
}

/// <summary>Who may act in the making and the decryption of a vote's key: its named tellers, each as itself.</summary>
public static class TellerRules
{
    /// <summary>The caller's teller number in the motion's vote, or the refusal: not a delegate or not one of its tellers (403), no such vote (409).</summary>
    public static (int Teller, TellerKeying? Keying, ProblemDetails Problem) Teller(MotionState motion, Actor actor)
    {
        var notATeller = Problems.Forbidden("Only this vote's tellers, each signed in as itself, take part in making and decrypting its key.");
        if (actor.Role != Roles.Delegate) return (0, null, notATeller);
        if (motion.Vote is not { } vote) return (0, null, Problems.Conflict("This motion has not been put to the vote."));
        if (vote.Tellers is not { } keying) return (0, null, Problems.Conflict("This vote has no named tellers: its key, if any, is held by the server."));
        if (keying.NumberOf(actor.DelegateId) is not { } teller) return (0, null, notATeller);
        return (teller, keying, Problems.Ok);
    }

    /// <summary>
    /// The refusal of a keying step once the keying has ended: the key is made, or too few qualified tellers were left to make
    /// it (a disqualification is never undone, so nothing can save it); <see cref="Problems.Ok"/> while the key is being made.
    /// </summary>
    public static ProblemDetails KeyingEnded(MotionVote vote) =>
        vote.KeyingFailed ? Problems.Conflict("Too few qualified tellers were left to make this vote's key: its keying has failed; the chair opens another vote.")
        : !vote.IsKeying ? Problems.Conflict("This vote's key is made already.")
        : Problems.Ok;

    /// <summary>
    /// A step of the keying (<paramref name="events"/>, leaving the keying as <paramref name="after"/>), followed by the keying's end when
    /// it settles it: with at least the threshold of qualified tellers the board opens under the key of the qualified set (with every
    /// commitment, the qualified set and the revealed shares, for anyone to recompute it); with fewer, the keying fails.
    /// </summary>
    public static Decision Conclude(MotionState motion, TellerKeying after, DateTimeOffset now, params object[] events)
    {
        if (!after.Settled) return Decision.Append(events[0], events[1..]);
        var qualified = after.Qualified;
        if (qualified.Length < after.Threshold)
            return Decision.Append(events[0], [.. events[1..], new KeyingFailed(motion.Id, motion.SessionId, qualified, after.Threshold, now)]);
        var rounds = after.Rounds.OrderBy(r => r.Teller).ToArray();
        var key = KeyGeneration.Key(rounds, after.Tellers.Length, after.Threshold, qualified);
        return Decision.Append(events[0], [.. events[1..],
            new BallotBoardOpened(motion.Id, motion.SessionId, key.PublicKey, key.Threshold, key.TellerKeys, now, rounds, qualified, after.Revealed)]);
    }
}
