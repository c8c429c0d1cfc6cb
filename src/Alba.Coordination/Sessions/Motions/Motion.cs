using System.Collections.Immutable;
using Alba.Coordination.Delegates;
using Alba.Coordination.Sessions.Ballots;
using JasperFx;
using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace Alba.Coordination.Sessions;

// Events on a motion's stream: its text, amendments and its one vote.
public sealed record MotionTabled(Guid MotionId, Guid SessionId, Guid AssemblyId, string Title, string Text, Guid By, DateTimeOffset At);

/// <summary>An amendment is the full proposed wording of the motion, drafted against revision <c>AmendsRevision</c>.</summary>
public sealed record AmendmentProposed(Guid MotionId, Guid SessionId, Guid AmendmentId, string Text, int AmendsRevision, Guid By, DateTimeOffset At);

/// <summary>The amendment's wording becomes the motion's text, as the next revision.</summary>
public sealed record AmendmentAccepted(Guid MotionId, Guid SessionId, Guid AmendmentId, Guid By, DateTimeOffset At);

/// <summary>Opens the motion's vote; <c>Eligible</c> is the fixed roll of delegates who may vote in it.</summary>
public sealed record VoteOpened(Guid MotionId, Guid SessionId, Guid AssemblyId, bool Secret, string Majority, int Quorum, Guid[] Eligible,
    Guid By, DateTimeOffset At);

/// <summary>A named vote's ballot: who chose what. <c>Cast</c> counts the ballots so far, this one included.</summary>
public sealed record BallotCast(Guid MotionId, Guid SessionId, Guid DelegateId, string Choice, int Cast, Guid By, DateTimeOffset At);

/// <summary>A secret vote's register entry: this delegate has voted. The choice is not here: the encrypted ballot reaches the board
/// later, in a shuffled batch written by another transaction (<see cref="BallotsPosted"/>). <c>Commitment</c> hides the ballot's
/// receipt under a nonce only the voter's device keeps (<see cref="Ballots.BallotCommitment"/>), so that device alone can send the
/// same ballot again if it never reaches the board; null for participations recorded before commitments, or sent without a nonce.</summary>
public sealed record VoterParticipated(Guid MotionId, Guid SessionId, Guid DelegateId, int Cast, Guid By, DateTimeOffset At, string? Commitment = null);

/// <summary>
/// A secret vote's bulletin board opened (with the vote, or when its tellers have made the key): the public key ballots are
/// encrypted under, how many tellers' shares decrypt the tally, and each teller's verification key. The decryption key itself
/// is never recorded. <c>Dealing</c>: for a key made by named tellers, their public commitments, from which anyone recomputes the key and the
/// tellers' keys (null for a key dealt by the server).
/// </summary>
/// <c>Qualified</c>: the tellers whose dealing the key sums (all but the disqualified), <c>Revealed</c>: the shares revealed in answer to
/// complaints (both null for a key dealt by the server, or made before complaints were resolved).
public sealed record BallotBoardOpened(Guid MotionId, Guid SessionId, string PublicKey, int Threshold, string[] TellerKeys, DateTimeOffset At,
    TellerCommitments[]? Dealing = null, int[]? Qualified = null, RevealedShare[]? Revealed = null);

/// <summary>
/// A secret vote's tellers, named at opening (delegates, numbered from 1 in this order), and how many of them decrypt: their devices
/// make the vote's key (docs/voting.md, "Tellers make the key"); the board opens, and ballots are taken, once they have.
/// </summary>
public sealed record TellersNamed(Guid MotionId, Guid SessionId, Guid[] Tellers, int Threshold, DateTimeOffset At);

/// <summary>A teller's first round of the key's making: its transport key, its commitments and its proof of knowledge.</summary>
public sealed record TellerCommitted(Guid MotionId, Guid SessionId, TellerCommitments Round, DateTimeOffset At);

/// <summary>A teller's second round: its polynomial's value for every other teller, each encrypted on its device to that teller.</summary>
public sealed record TellerSharesSent(Guid MotionId, Guid SessionId, int Teller, SealedShare[] Shares, DateTimeOffset At);

/// <summary>Teller <c>Teller</c>'s device found the share teller <c>Against</c> sent it does not match that teller's commitments.</summary>
public sealed record TellerComplained(Guid MotionId, Guid SessionId, int Teller, int Against, DateTimeOffset At);

/// <summary>Teller <c>Teller</c>, accused by teller <c>To</c>, revealed the share <c>f_Teller(To)</c> it had sent; <c>Holds</c>: it matches its commitments.</summary>
public sealed record ShareRevealed(Guid MotionId, Guid SessionId, int Teller, int To, string Share, bool Holds, DateTimeOffset At);

/// <summary>Teller <c>Teller</c>'s device found every share sent to it by a qualified teller holds (a revealed one in place of a disputed one).</summary>
public sealed record TellerConfirmed(Guid MotionId, Guid SessionId, int Teller, DateTimeOffset At);

/// <summary>
/// Teller <c>Teller</c> takes no further part in the key: its revealed share did not hold (<c>By</c> null), or the chair disqualified it
/// for leaving a complaint unanswered or for its silence (<c>By</c> the chair). <c>Reason</c>: one of <see cref="DisqualificationReasons"/>.
/// </summary>
public sealed record TellerDisqualified(Guid MotionId, Guid SessionId, int Teller, string Reason, Guid? By, DateTimeOffset At);

/// <summary>The keying ended with fewer qualified tellers than the threshold: no key, no board, no ballots; the chair opens another vote.</summary>
public sealed record KeyingFailed(Guid MotionId, Guid SessionId, int[] Qualified, int Threshold, DateTimeOffset At);

public static class DisqualificationReasons
{
    /// <summary>The share it revealed in answer to a complaint does not match its commitments.</summary>
    public const string ShareFails = "revealed-share-fails";

    /// <summary>The chair's decision: it left a complaint against it unanswered.</summary>
    public const string Unanswered = "unanswered-complaint";

    /// <summary>The chair's decision: once every teller's keys were in, it had not sent its shares or not confirmed them.</summary>
    public const string Silent = "silent";
}

/// <summary>
/// A vote whose key the tellers hold closed to ballots: the board is final and the sums its tellers decrypt are fixed.
/// <c>Lost</c>: registered ballots that never reached the board, their loss accepted by the chair.
/// </summary>
public sealed record BallotsSealed(Guid MotionId, Guid SessionId, OptionSum[] Sums, int Ballots, int Lost, Guid By, DateTimeOffset At);

/// <summary>A teller's partial decryption of the sealed sums, its proofs checked against the teller's key.</summary>
public sealed record PartialDecrypted(Guid MotionId, Guid SessionId, PartialDecryption Partial, DateTimeOffset At);

/// <summary>
/// A shuffled batch of encrypted ballots posted to the board, chained to what was posted before. Written by the ballot mixer
/// (or the closing) in a transaction that names no voter, so nothing stored pairs a ballot with its voter's register entry.
/// </summary>
public sealed record BallotsPosted(Guid MotionId, Guid SessionId, BoardEntry[] Entries, DateTimeOffset At);

/// <summary>The board's sums decrypted at closing, each with its proof; individual ballots are never decrypted. <c>Lost</c>: the
/// registered ballots that never reached the board, whose loss the chair accepted to close (0 for tallies recorded before).
/// <c>Partials</c>: for a key the tellers hold, the threshold of partial decryptions the counts were combined from.</summary>
public sealed record TallyDecrypted(Guid MotionId, Guid SessionId, OptionTally[] Options, Guid By, DateTimeOffset At, int Lost = 0,
    PartialDecryption[]? Partials = null);

public sealed record VoteClosed(Guid MotionId, Guid SessionId, Guid AssemblyId, int Yes, int No, int Abstain, int Eligible, int Cast,
    bool QuorumMet, string Outcome, Guid By, DateTimeOffset At);

public enum MotionStatus { Tabled, Voting, Adopted, Rejected }

public sealed class Amendment
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
    public int AmendsRevision { get; set; }
    public Guid ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

public sealed record NamedBallot(Guid DelegateId, string Choice);

public sealed record VoteResult(int Yes, int No, int Abstain, int Eligible, int Cast, bool QuorumMet, string Outcome)
{
    public static VoteResult Of(VoteClosed e) => new(e.Yes, e.No, e.Abstain, e.Eligible, e.Cast, e.QuorumMet, e.Outcome);
}

/// <summary>An amendment as the motion's commands need it: the wording that becomes the text, and the revision it was drafted on.</summary>
public sealed record AmendmentDraft(Guid Id, string Text, int AmendsRevision, bool Accepted);

/// <summary>
/// The vote as ballots and the closing decide on it: its rules, the roll's size, how many have voted and, for a named vote
/// only, the running tally; for a secret vote its board's key, how many ballots are posted and the chain's head. Who is on the roll and who
/// has voted are not here but in <see cref="VoteRoll"/> and <see cref="VoterRecord"/>: a ballot rewrites a few numbers,
/// never a list that grows with the roll.
/// </summary>
public sealed record MotionVote(bool Secret, string Majority, int Quorum, int Eligible, int Cast, BallotCounts NamedTally, VoteResult? Result,
    SecretBoard? Board = null, TellerKeying? Tellers = null, SealedTally? Sealed = null)
{
    public bool IsOpen => Result is null;

    /// <summary>Named tellers are still making the key: no board yet, no ballots.</summary>
    public bool IsKeying => Tellers is not null && Board is null;

    /// <summary>Closed to ballots, its tally awaiting the tellers' partial decryptions.</summary>
    public bool IsSealed => Sealed is not null && Result is null;

    /// <summary>Too few qualified tellers were left to make the key: the vote never takes a ballot.</summary>
    public bool KeyingFailed => Tellers?.Failed == true;

    /// <summary>Where the key stands, as the tellers' answers say it: keying, failed or open.</summary>
    public string KeyingStage => KeyingFailed ? "failed" : IsKeying ? "keying" : "open";
}

/// <summary>A teller's complaint as the keying decides on it: answered once the accused revealed the disputed share.</summary>
public sealed record KeyingComplaint(int Teller, int Against, bool Answered);

/// <summary>A vote's named tellers (delegate ids; teller j is <c>Tellers[j − 1]</c>), the threshold, and the rounds in so far.</summary>
public sealed record TellerKeying(Guid[] Tellers, int Threshold, TellerCommitments[] Rounds, int[] SharesSent)
{
    /// <summary>The teller number of <paramref name="delegateId"/>, or null when it is not one of this vote's tellers.</summary>
    public int? NumberOf(Guid? delegateId)
    {
        var index = delegateId is { } id ? Array.IndexOf(Tellers, id) : -1;
        return index < 0 ? null : index + 1;
    }

    /// <summary>Every qualified teller has sent its first round (a teller disqualified before it did never will).</summary>
    public bool AllCommitted => Qualified.All(HasCommitted);

    /// <summary>How many qualified tellers have sent their first round.</summary>
    public int KeysIn => Qualified.Count(HasCommitted);

    public bool HasCommitted(int teller) => Rounds.Any(r => r.Teller == teller);

    public KeyingComplaint[] Complaints { get; init; } = [];

    public RevealedShare[] Revealed { get; init; } = [];

    public int[] Confirmed { get; init; } = [];

    public int[] Disqualified { get; init; } = [];

    public bool Failed { get; init; }

    /// <summary>The tellers whose dealing counts: all but the disqualified.</summary>
    public int[] Qualified => Enumerable.Range(1, Tellers.Length).Except(Disqualified).ToArray();

    /// <summary>Every qualified teller has sent its shares.</summary>
    public bool AllShared => Qualified.All(SharesSent.Contains);

    /// <summary>Complaints neither answered nor made moot by the disqualification of either side.</summary>
    public KeyingComplaint[] OpenComplaints =>
        Complaints.Where(c => !c.Answered && !Disqualified.Contains(c.Teller) && !Disqualified.Contains(c.Against)).ToArray();

    /// <summary>
    /// Why the chair may disqualify <paramref name="teller"/> now (<see cref="DisqualificationReasons"/>), or null: accused and
    /// silent, without keys, or, once every qualified teller's keys are in, without its shares or its confirmation (a phone that
    /// died must not hold the vote up for ever). A teller with keys is not silent while others' keys are due (its shares cannot
    /// be sent before theirs), and one that has done its part and is not accused stays.
    /// </summary>
    public string? DisqualificationReason(int teller) =>
        Failed || Disqualified.Contains(teller) ? null
        : OpenComplaints.Any(c => c.Against == teller) ? DisqualificationReasons.Unanswered
        : !HasCommitted(teller) ? DisqualificationReasons.Silent
        : !AllCommitted ? null
        : !SharesSent.Contains(teller) || !Confirmed.Contains(teller) ? DisqualificationReasons.Silent
        : null;

    /// <summary>
    /// Nothing more to wait for: every qualified teller has sent its shares and confirmed, and no complaint is open; or fewer
    /// tellers than the threshold are still qualified, which no later step can undo.
    /// </summary>
    public bool Settled => Qualified.Length < Threshold || (AllShared && Qualified.All(Confirmed.Contains) && OpenComplaints.Length == 0);
}

/// <summary>What the tellers decrypt: the board's sums as sealed, how many ballots they sum, the loss accepted, the partials in.</summary>
public sealed record SealedTally(OptionSum[] Sums, int Ballots, int Lost, PartialDecryption[] Partials);

/// <summary>A secret vote's board as ballots and the closing need it: the key, how many ballots are posted, the chain's head.</summary>
public sealed record SecretBoard(ElectionKey Key, int Posted, string Head);

/// <summary>
/// What commands on a motion decide on. Stored as an inline snapshot, so a ballot loads one small document instead of
/// folding every earlier ballot of the vote; display fields (title, who proposed, times, named ballots) live only in
/// <see cref="MotionView"/>.
/// </summary>
public sealed record MotionState(Guid Id, Guid SessionId, Guid AssemblyId, MotionStatus Status, int Revision, string Text,
    ImmutableList<AmendmentDraft> Amendments, MotionVote? Vote)
{
    public static MotionState Create(MotionTabled e) => new(e.MotionId, e.SessionId, e.AssemblyId, MotionStatus.Tabled, 1, e.Text, [], null);

    public MotionState Apply(AmendmentProposed e) =>
        this with { Amendments = Amendments.Add(new AmendmentDraft(e.AmendmentId, e.Text, e.AmendsRevision, false)) };

    public MotionState Apply(AmendmentAccepted e)
    {
        var amendment = Amendments.Single(a => a.Id == e.AmendmentId);
        return this with { Amendments = Amendments.Replace(amendment, amendment with { Accepted = true }), Text = amendment.Text, Revision = Revision + 1 };
    }

    public MotionState Apply(VoteOpened e) => this with
    {
        Status = MotionStatus.Voting,
        Vote = new MotionVote(e.Secret, e.Majority, e.Quorum, e.Eligible.Length, 0, BallotCounts.None, null),
    };

    public MotionState Apply(BallotCast e) => this with { Vote = Vote! with { Cast = e.Cast, NamedTally = Vote.NamedTally.With(e.Choice) } };

    public MotionState Apply(VoterParticipated e) => this with { Vote = Vote! with { Cast = e.Cast } };

    public MotionState Apply(BallotBoardOpened e) => this with
    {
        Vote = Vote! with { Board = new SecretBoard(new ElectionKey(e.PublicKey, e.Threshold, e.TellerKeys), 0, BoardChain.Genesis(Id, e.PublicKey)) },
    };

    public MotionState Apply(TellersNamed e) => this with { Vote = Vote! with { Tellers = new TellerKeying(e.Tellers, e.Threshold, [], []) } };

    public MotionState Apply(TellerCommitted e) => this with
    {
        Vote = Vote! with { Tellers = Vote.Tellers! with { Rounds = [.. Vote.Tellers.Rounds, e.Round] } },
    };

    public MotionState Apply(TellerSharesSent e) => this with
    {
        Vote = Vote! with { Tellers = Vote.Tellers! with { SharesSent = [.. Vote.Tellers.SharesSent, e.Teller] } },
    };

    public MotionState Apply(TellerComplained e) => WithKeying(k => k with { Complaints = [.. k.Complaints, new KeyingComplaint(e.Teller, e.Against, false)] });

    public MotionState Apply(ShareRevealed e) => WithKeying(k => k with
    {
        Revealed = [.. k.Revealed, new RevealedShare(e.Teller, e.To, e.Share, e.Holds)],
        Complaints = k.Complaints.Select(c => c.Teller == e.To && c.Against == e.Teller ? c with { Answered = true } : c).ToArray(),
    });

    public MotionState Apply(TellerConfirmed e) => WithKeying(k => k with { Confirmed = [.. k.Confirmed, e.Teller] });

    public MotionState Apply(TellerDisqualified e) => WithKeying(k => k with { Disqualified = [.. k.Disqualified, e.Teller] });

    public MotionState Apply(KeyingFailed e) => WithKeying(k => k with { Failed = true });

    private MotionState WithKeying(Func<TellerKeying, TellerKeying> change) => this with { Vote = Vote! with { Tellers = change(Vote.Tellers!) } };

    public MotionState Apply(BallotsSealed e) => this with { Vote = Vote! with { Sealed = new SealedTally(e.Sums, e.Ballots, e.Lost, []) } };

    public MotionState Apply(PartialDecrypted e) => this with
    {
        Vote = Vote! with { Sealed = Vote.Sealed! with { Partials = [.. Vote.Sealed.Partials, e.Partial] } },
    };

    public MotionState Apply(BallotsPosted e) => this with
    {
        Vote = Vote! with { Board = Vote.Board! with { Posted = Vote.Board.Posted + e.Entries.Length, Head = e.Entries[^1].Hash } },
    };

    public MotionState Apply(VoteClosed e)
    {
        var result = VoteResult.Of(e);
        return this with { Status = VoteOutcomes.MotionStatus(result.Outcome), Vote = Vote! with { Result = result } };
    }
}

/// <summary>The roll fixed when a vote opened (id = the motion id): written once, from <see cref="VoteOpened"/>, never by a ballot.</summary>
public sealed class VoteRoll
{
    public Guid Id { get; set; }
    public Guid[] Eligible { get; set; } = [];
}

/// <summary>
/// The register of one vote, one small row per voter (id = the id of the event that registered the vote): a delegate has
/// voted, and for a named vote only what (shown once the vote is closed; a secret ballot's row never holds a choice).
/// Unique per motion and delegate, the backstop of "one ballot each" behind the motion's lock. A ballot inserts its row
/// and rewrites nothing, so a named vote's choices grow by a row per ballot, never by rewriting a list of the whole roll.
/// </summary>
public sealed class VoterRecord
{
    public Guid Id { get; set; }
    public Guid MotionId { get; set; }
    public Guid DelegateId { get; set; }

    /// <summary>A named ballot's choice; null in a secret vote.</summary>
    public string? Choice { get; set; }

    /// <summary>How many had voted with this ballot (<see cref="BallotCast.Cast"/>, <see cref="VoterParticipated.Cast"/>): the order of the ballots.</summary>
    public int Cast { get; set; }

    /// <summary>A secret ballot's commitment (<see cref="VoterParticipated.Commitment"/>), checked when it is sent again.</summary>
    public string? Commitment { get; set; }
}

/// <summary>Projects the roll and the register of votes inline, so a ballot checks both in the transaction that decides it.</summary>
public sealed partial class VoteRegisterProjection : EventProjection
{
    public VoteRegisterProjection()
    {
        Options.DeleteViewTypeOnTeardown<VoteRoll>();
        Options.DeleteViewTypeOnTeardown<VoterRecord>();
        IncludeType<VoteOpened>();
        IncludeType<BallotCast>();
        IncludeType<VoterParticipated>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case VoteOpened opened:
                operations.Insert(new VoteRoll { Id = opened.MotionId, Eligible = opened.Eligible });
                break;
            case BallotCast cast:
                operations.Insert(new VoterRecord { Id = e.Id, MotionId = cast.MotionId, DelegateId = cast.DelegateId, Choice = cast.Choice, Cast = cast.Cast });
                break;
            case VoterParticipated participated:
                operations.Insert(new VoterRecord
                {
                    Id = e.Id, MotionId = participated.MotionId, DelegateId = participated.DelegateId, Cast = participated.Cast,
                    Commitment = participated.Commitment,
                });
                break;
        }
        return ValueTask.CompletedTask;
    }
}

public sealed class VoteState
{
    public bool Secret { get; set; }
    public string Majority { get; set; } = "";
    public int Quorum { get; set; }
    /// <summary>The roll's size. Who is on it is in <see cref="VoteRoll"/>, written once when the vote opened: a view a ballot rewrites holds no list that grows with the roll.</summary>
    public int EligibleCount { get; set; }
    /// <summary>How many have voted. Who has, and in a named vote what they chose, is in the register (<see cref="VoterRecord"/>, one row per voter).</summary>
    public int CastCount { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public VoteResult? Result { get; set; }

    /// <summary>A secret vote's key: "tellers" (made by named tellers' devices), "server" (dealt by the server), null for a named vote.</summary>
    public string? KeyHeldBy { get; set; }

    /// <summary>Named tellers are making the key (no ballots yet).</summary>
    public bool Keying { get; set; }

    /// <summary>Closed to ballots, the tellers decrypting the tally.</summary>
    public bool Tallying { get; set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>Too few qualified tellers were left to make the key: the vote never takes a ballot.</summary>
    public bool KeyingFailed { get; set; }

    /// <summary>keying → open → tallying → closed, or keying → failed (a vote without named tellers is only open, then closed).</summary>
    public string Stage => !IsOpen ? "closed" : KeyingFailed ? "failed" : Keying ? "keying" : Tallying ? "tallying" : "open";
}

/// <summary>A motion as readers see it (inline, so a command's answer and the next read agree).</summary>
public sealed class MotionView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid AssemblyId { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>1 as tabled, +1 for each accepted amendment.</summary>
    public int Revision { get; set; }
    public Guid TabledBy { get; set; }
    public DateTimeOffset TabledAt { get; set; }
    public MotionStatus Status { get; set; }
    public List<Amendment> Amendments { get; set; } = [];
    public VoteState? Vote { get; set; }
    public int Version { get; set; }
}

public sealed partial class MotionViewProjection : SingleStreamProjection<MotionView, Guid>
{
    public static MotionView Create(MotionTabled e) => new()
    {
        Id = e.MotionId, SessionId = e.SessionId, AssemblyId = e.AssemblyId, Title = e.Title, Text = e.Text, Revision = 1,
        TabledBy = e.By, TabledAt = e.At, Status = MotionStatus.Tabled,
    };

    public static void Apply(AmendmentProposed e, MotionView view) => view.Amendments.Add(new Amendment
    {
        Id = e.AmendmentId, Text = e.Text, AmendsRevision = e.AmendsRevision, ProposedBy = e.By, ProposedAt = e.At,
    });

    public static void Apply(AmendmentAccepted e, MotionView view)
    {
        var amendment = view.Amendments.Single(a => a.Id == e.AmendmentId);
        amendment.AcceptedAt = e.At;
        view.Text = amendment.Text;
        view.Revision++;
    }

    public static void Apply(VoteOpened e, MotionView view)
    {
        view.Status = MotionStatus.Voting;
        view.Vote = new VoteState { Secret = e.Secret, Majority = e.Majority, Quorum = e.Quorum, EligibleCount = e.Eligible.Length, OpenedAt = e.At };
    }

    public static void Apply(TellersNamed e, MotionView view)
    {
        view.Vote!.Keying = true;
        view.Vote.KeyHeldBy = "tellers";
    }

    public static void Apply(BallotBoardOpened e, MotionView view)
    {
        view.Vote!.Keying = false;
        view.Vote.KeyHeldBy ??= "server";
    }

    public static void Apply(KeyingFailed e, MotionView view) => view.Vote!.KeyingFailed = true;

    public static void Apply(BallotsSealed e, MotionView view) => view.Vote!.Tallying = true;

    public static void Apply(BallotCast e, MotionView view) => view.Vote!.CastCount = e.Cast;

    public static void Apply(VoterParticipated e, MotionView view) => view.Vote!.CastCount = e.Cast;

    public static void Apply(VoteClosed e, MotionView view)
    {
        view.Vote!.ClosedAt = e.At;
        view.Vote.Result = VoteResult.Of(e);
        view.Status = VoteOutcomes.MotionStatus(e.Outcome);
    }
}

/// <summary>Who may table motions and propose amendments: organisers, and delegates with voting rights in the assembly.</summary>
public static class MotionRights
{
    public static ProblemDetails MayPropose(Actor actor, DelegateView? proposer, Guid assemblyId)
    {
        if (actor.IsOrganiser) return Problems.Ok;
        if (actor.Role != Roles.Delegate) return Problems.Forbidden("Only delegates and organisers table motions and amendments.");
        return proposer is { MayVote: true } && proposer.AssemblyId == assemblyId
            ? Problems.Ok
            : Problems.Forbidden("Only delegates with voting rights in this assembly (accredited, checked in) table motions and amendments.");
    }
}
