using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Org.BouncyCastle.Math;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>The joint-Feldman key generation and the threshold decryption, played by three tellers (2 of 3), without a database.</summary>
public class KeyGenerationTests
{
    private static readonly Guid MotionId = Guid.CreateVersion7();
    private static readonly string[] Choices = ["yes", "no", "yes", "abstain", "yes", "no"];

    private sealed record Made(TellerDevice[] Devices, TellerCommitments[] Rounds, ElectionKey Key, BigInteger[] Shares);

    private static Made MakeKey()
    {
        var devices = Enumerable.Range(1, 3).Select(j => new TellerDevice(MotionId, j, 2)).ToArray();
        var rounds = devices.Select(d => d.Round1()).ToArray();
        var sent = devices.Select(d => new SentShares(d.Teller, d.Round2(rounds))).ToArray();
        var shares = devices.Select(d =>
        {
            var (share, complaints) = d.Receive(rounds, sent);
            Assert.Empty(complaints);
            return share;
        }).ToArray();
        return new Made(devices, rounds, KeyGeneration.Key(rounds, 3, 2, [1, 2, 3]), shares);
    }

    private static (OptionSum[] Sums, int Ballots) Board(ElectionKey key)
    {
        var ballots = Choices.Select(c => EncryptedBallot.Encrypt(c, key.PublicPoint(), MotionId)).ToList();
        return (Tally.Sums(ballots), ballots.Count);
    }

    [Fact]
    public void three_tellers_make_a_key_that_two_of_them_decrypt_exactly_and_nobody_holds()
    {
        var made = MakeKey();
        Assert.All(made.Rounds, r => Assert.Null(KeyGeneration.Fault(MotionId, 2, r)));
        // Each teller's summed share is the one its public verification key names.
        for (var j = 0; j < 3; j++) Assert.Equal(made.Key.TellerKeys[j], Hex(G.Times(made.Shares[j])));
        // The key x = Σ a_i0 is what any two shares interpolate to, and H = x·G; no party computed it: the test does, to check.
        var x = made.Devices.Aggregate(BigInteger.Zero, (total, d) => total.Add(d.ValueAt(0))).Mod(Order);
        Assert.Equal(made.Key.PublicKey, Hex(G.Times(x)));

        var (sums, ballots) = Board(made.Key);
        var partials = new[] { made.Devices[0].Partial(sums, made.Shares[0]), made.Devices[2].Partial(sums, made.Shares[2]) };
        Assert.All(partials, p => Assert.Null(KeyGeneration.Fault(MotionId, made.Key, sums, p)));
        var tally = KeyGeneration.Combine(sums, 2, partials, ballots)!;
        Assert.Equal(new BallotCounts(3, 2, 1), Tally.Counts(tally));
        // The same tally from the other pair: Lagrange gives x·A whichever two decrypt.
        var other = KeyGeneration.Combine(sums, 2, [made.Devices[1].Partial(sums, made.Shares[1]), partials[0]], ballots)!;
        Assert.Equal(tally.Select(l => l.D), other.Select(l => l.D));
        // And the board's verifier accepts it from the partials alone.
        var encrypted = Choices.Select(c => EncryptedBallot.Encrypt(c, made.Key.PublicPoint(), MotionId)).ToList();
        var sealedSums = Tally.Sums(encrypted);
        var verified = new[] { made.Devices[0].Partial(sealedSums, made.Shares[0]), made.Devices[1].Partial(sealedSums, made.Shares[1]) };
        Assert.Null(Tally.Fault(MotionId, made.Key, encrypted, KeyGeneration.Combine(sealedSums, 2, verified, encrypted.Count)!, verified));
    }

    [Fact]
    public void fewer_partials_than_the_threshold_give_no_tally()
    {
        var made = MakeKey();
        var (sums, ballots) = Board(made.Key);
        var one = made.Devices[1].Partial(sums, made.Shares[1]);
        Assert.Null(KeyGeneration.Combine(sums, 2, [one], ballots));
        Assert.Null(KeyGeneration.Combine(sums, 2, [one, one], ballots));
        // One share alone does not decrypt: read as if it were the key, the counts are not found.
        Assert.Null(Tally.CountOf(ParsePoint(sums[0].B)!.Minus(ParsePoint(one.Lines[0].D)!), ballots));
    }

    [Fact]
    public void a_share_that_does_not_match_its_senders_commitments_is_found_by_its_recipient()
    {
        var devices = Enumerable.Range(1, 3).Select(j => new TellerDevice(MotionId, j, 2)).ToArray();
        var rounds = devices.Select(d => d.Round1()).ToArray();
        var sent = devices.Select(d => new SentShares(d.Teller, d.Round2(rounds))).ToList();
        // Teller 2 sends teller 3 a value off by one.
        sent[1] = sent[1] with { Shares = [sent[1].Shares[0], devices[1].Seal(rounds[2], devices[1].ValueAt(3).Add(BigInteger.One).Mod(Order))] };
        Assert.Equal([2], devices[2].Receive(rounds, sent).Complaints);
        Assert.Empty(devices[0].Receive(rounds, sent).Complaints);
    }

    [Fact]
    public void a_partial_made_with_another_share_or_with_a_forged_proof_is_refused()
    {
        var made = MakeKey();
        var (sums, _) = Board(made.Key);
        var wrongShare = made.Devices[0].Partial(sums, made.Shares[1]);
        Assert.Contains("does not hold", KeyGeneration.Fault(MotionId, made.Key, sums, wrongShare));
        var honest = made.Devices[0].Partial(sums, made.Shares[0]);
        var forged = honest with { Lines = [honest.Lines[0] with { D = Hex(ParsePoint(honest.Lines[0].D)!.Plus(G)) }, .. honest.Lines[1..]] };
        Assert.Contains("does not hold", KeyGeneration.Fault(MotionId, made.Key, sums, forged));
        Assert.Null(KeyGeneration.Fault(MotionId, made.Key, sums, honest));
    }

    [Fact]
    public void a_forged_proof_of_knowledge_is_refused()
    {
        var made = MakeKey();
        // Teller 3 tries to cancel the others' part of the key: its constant term's commitment is a point it knows no log of.
        var cancelling = ParsePoint(made.Rounds[0].Commitments[0])!.Plus(ParsePoint(made.Rounds[1].Commitments[0])!).Negate().Normalize();
        var round = made.Rounds[2] with { Commitments = [Hex(cancelling), made.Rounds[2].Commitments[1]] };
        Assert.Contains("proof of knowledge", KeyGeneration.Fault(MotionId, 2, round)!.Value.Message);
        // A proof made for another teller, or another vote, does not transfer.
        Assert.NotNull(KeyGeneration.Fault(MotionId, 2, made.Rounds[0] with { Teller = 2 }));
        Assert.NotNull(KeyGeneration.Fault(Guid.CreateVersion7(), 2, made.Rounds[0]));
        Assert.Contains("2 of them", KeyGeneration.Fault(MotionId, 2, made.Rounds[0] with { Commitments = made.Rounds[0].Commitments[..1] })!.Value.Message);
    }
}

/// <summary>The decisions of the key's making and decryption: who may act, when, and what opens the board.</summary>
public class TellerDecisionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly Guid[] TellerIds = [Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7()];

    private static Actor TellerActor(int j) => new(TellerIds[j - 1], Roles.Delegate, null, TellerIds[j - 1]);

    private static MotionState Keying(Guid motionId) => new MotionState(motionId, Guid.CreateVersion7(), Guid.CreateVersion7(), MotionStatus.Tabled, 1, "", [], null)
        .Apply(new VoteOpened(motionId, Guid.Empty, Guid.Empty, true, "simple", 0, [.. TellerIds], Guid.Empty, Now))
        .Apply(new TellersNamed(motionId, Guid.Empty, TellerIds, 2, Now));

    /// <summary>A secret vote whose three named tellers (2 of 3) have sent nothing yet, and their devices.</summary>
    private static (MotionState Motion, TellerDevice[] Devices) ThreeTellers()
    {
        var motionId = Guid.CreateVersion7();
        return (Keying(motionId), [.. Enumerable.Range(1, 3).Select(j => new TellerDevice(motionId, j, 2))]);
    }

    private static CommitTellerKey Command(TellerCommitments round) => new(round.TransportKey, round.Commitments, round.Proof);

    [Fact]
    public void the_key_is_made_in_turn_by_the_tellers_only_and_opens_the_board_with_the_last_confirmation()
    {
        var (motion, devices) = ThreeTellers();
        Assert.Equal(409, ((ProblemDetails)VoteRules.BallotRefusal(motion.Vote!)!).Status);
        Assert.Equal(403, CommitTellerKeyEndpoint.Decide(motion, Command(devices[0].Round1()), new Actor(Guid.NewGuid(), Roles.Delegate, null, Guid.NewGuid()), Now).Refusal!.Status);
        Assert.Equal(400, CommitTellerKeyEndpoint.Decide(motion, Command(devices[1].Round1()), TellerActor(1), Now).Refusal!.Status);
        var rounds = new List<TellerCommitments>();
        foreach (var device in devices)
        {
            var round = device.Round1();
            Assert.Equal(409, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares([]), TellerActor(device.Teller), Now).Refusal!.Status);
            motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(round), TellerActor(device.Teller), Now));
            rounds.Add(round);
        }
        Assert.Equal(409, CommitTellerKeyEndpoint.Decide(motion, Command(devices[0].Round1()), TellerActor(1), Now).Refusal!.Status);
        Assert.Equal(400, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(devices[0].Round2(rounds)[..1]), TellerActor(1), Now).Refusal!.Status);
        for (var j = 1; j <= 3; j++)
        {
            Assert.Equal(409, Confirm(motion, 1).Refusal!.Status);
            var decision = SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(devices[j - 1].Round2(rounds)), TellerActor(j), Now);
            Assert.Single(decision.Events);
            motion = Applied(motion, decision);
        }
        for (var j = 1; j <= 3; j++)
        {
            Assert.True(motion.Vote!.IsKeying);
            var decision = Confirm(motion, j);
            Assert.Equal(j == 3 ? 2 : 1, decision.Events.Count);
            motion = Applied(motion, decision);
            if (j == 1) Assert.Equal(409, Confirm(motion, 1).Refusal!.Status);
        }
        Assert.False(motion.Vote!.IsKeying);
        Assert.Null(VoteRules.BallotRefusal(motion.Vote));
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 2, 3]), motion.Vote.Board!.Key, new KeyComparer());
    }

    /// <summary>Three tellers (2 of 3) past round 2; teller 2's share to teller 1 is <paramref name="badShare"/> when given.</summary>
    private static (MotionState Motion, TellerDevice[] Devices, TellerCommitments[] Rounds) Shared(BigInteger? badShare = null)
    {
        var (motion, devices) = ThreeTellers();
        var rounds = devices.Select(d => d.Round1()).ToArray();
        foreach (var device in devices) motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(rounds[device.Teller - 1]), TellerActor(device.Teller), Now));
        foreach (var device in devices)
        {
            var shares = device.Round2(rounds);
            if (device.Teller == 2 && badShare is { } bad) shares[0] = device.Seal(rounds[0], bad);
            motion = Applied(motion, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(shares), TellerActor(device.Teller), Now));
        }
        return (motion, devices, rounds);
    }

    [Fact]
    public void a_complaint_answered_with_a_share_that_holds_is_resolved_and_the_complainer_confirms()
    {
        var (motion, devices, rounds) = Shared(badShare: BigInteger.Two);
        motion = Applied(motion, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(2), TellerActor(1), Now));
        Assert.Equal(409, Confirm(motion, 1).Refusal!.Status);
        Assert.Equal(409, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(2), TellerActor(1), Now).Refusal!.Status);
        Assert.Equal(409, AnswerComplaintEndpoint.Decide(motion, new AnswerComplaint(1, Hex(devices[2].ValueAt(1))), TellerActor(3), Now).Refusal!.Status);
        Assert.Equal(400, AnswerComplaintEndpoint.Validate(new AnswerComplaint(1, Hex(Order))).Status);
        Assert.Equal(400, AnswerComplaintEndpoint.Decide(motion, new AnswerComplaint(2, Hex(BigInteger.One)), TellerActor(2), Now).Refusal!.Status);
        motion = Applied(motion, Confirm(motion, 2));
        motion = Applied(motion, Confirm(motion, 3));
        var answer = AnswerComplaintEndpoint.Decide(motion, new AnswerComplaint(1, Hex(devices[1].ValueAt(1))), TellerActor(2), Now);
        Assert.True(Assert.IsType<ShareRevealed>(Assert.Single(answer.Events)).Holds);
        motion = Applied(motion, answer);
        Assert.Equal(409, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now).Refusal!.Status);
        motion = Applied(motion, Confirm(motion, 1));
        Assert.False(motion.Vote!.IsKeying);
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 2, 3]).PublicKey, motion.Vote.Board!.Key.PublicKey);
    }

    [Fact]
    public void an_answer_that_does_not_hold_disqualifies_its_dealer_and_the_key_is_the_qualified_tellers()
    {
        var (motion, devices, rounds) = Shared(badShare: BigInteger.Two);
        motion = Applied(motion, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(2), TellerActor(1), Now));
        var answer = AnswerComplaintEndpoint.Decide(motion, new AnswerComplaint(1, Hex(BigInteger.Two)), TellerActor(2), Now);
        Assert.False(Assert.IsType<ShareRevealed>(answer.Events[0]).Holds);
        Assert.Equal(2, Assert.IsType<TellerDisqualified>(answer.Events[1]).Teller);
        motion = Applied(motion, answer);
        Assert.Equal(409, Confirm(motion, 2).Refusal!.Status);
        motion = Applied(motion, Confirm(motion, 1));
        var last = Confirm(motion, 3);
        var opened = Assert.IsType<BallotBoardOpened>(last.Events[^1]);
        Assert.Equal([1, 3], opened.Qualified!);
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 3]).PublicKey, opened.PublicKey);
        Assert.NotEqual(KeyGeneration.Key(rounds, 3, 2, [1, 2, 3]).PublicKey, opened.PublicKey);
        motion = Applied(motion, last);

        // Teller 2 decrypts nothing: its partial is refused before its proofs are read.
        var ballots = new[] { EncryptedBallot.Encrypt("yes", motion.Vote!.Board!.Key.PublicPoint(), motion.Id) };
        motion = motion.Apply(new BallotsSealed(motion.Id, motion.SessionId, Tally.Sums(ballots), 1, 0, Guid.Empty, Now));
        var partial = devices[1].Partial(motion.Vote!.Sealed!.Sums, devices[1].ValueAt(2));
        Assert.Equal(409, DecryptTallyPartEndpoint.Decide(motion, new DecryptTallyPart(partial.Lines), TellerActor(2), Now).Refusal!.Status);
    }

    [Fact]
    public void the_chair_disqualifies_an_accused_teller_who_has_not_answered_not_one_that_did_its_part_and_too_few_qualified_fail_the_keying()
    {
        var (motion, _, _) = Shared();
        motion = Applied(motion, Confirm(motion, 2));
        motion = Applied(motion, Confirm(motion, 3));
        // Tellers 2 and 3 have sent and confirmed their shares and nobody accuses them: they stay.
        Assert.Equal(409, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now).Refusal!.Status);
        Assert.Equal(400, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(4), Chair, Now).Refusal!.Status);
        motion = Applied(motion, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(2), TellerActor(1), Now));
        motion = Applied(motion, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(3), TellerActor(1), Now));
        var unanswered = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now);
        Assert.Equal(DisqualificationReasons.Unanswered, Assert.IsType<TellerDisqualified>(Assert.Single(unanswered.Events)).Reason);
        motion = Applied(motion, unanswered);
        Assert.Equal(409, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now).Refusal!.Status);
        Assert.Equal(409, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(3), TellerActor(2), Now).Refusal!.Status);
        // With teller 3 gone too, teller 1 alone is fewer than the 2 needed: the keying fails at once, not after teller 1
        // confirms, and no step of it is taken any more.
        var last = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(3), Chair, Now);
        Assert.Equal([1], Assert.IsType<KeyingFailed>(last.Events[^1]).Qualified);
        motion = Applied(motion, last);
        Assert.Equal(409, Confirm(motion, 1).Refusal!.Status);
        Assert.Equal(409, ComplainOfShareEndpoint.Decide(motion, new ComplainOfShare(2), TellerActor(1), Now).Refusal!.Status);
        Assert.True(motion.Vote!.KeyingFailed);
        Assert.Equal("failed", motion.Vote.KeyingStage);
        Assert.Equal(409, ((ProblemDetails)VoteRules.BallotRefusal(motion.Vote)!).Status);
        Assert.Equal(409, CloseVoteEndpoint.Decide(motion, null, Chair, Now).Refusal!.Status);
    }

    [Fact]
    public void a_teller_silent_once_every_key_is_in_is_disqualified_by_the_chair_and_the_key_is_made_without_it()
    {
        var (motion, devices) = ThreeTellers();
        var rounds = devices.Select(d => d.Round1()).ToArray();
        motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(rounds[0]), TellerActor(1), Now));
        // A teller that sent its keys is not silent while others' keys are due: its shares cannot be sent before them.
        Assert.Equal(409, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(1), Chair, Now).Refusal!.Status);
        foreach (var device in devices[1..]) motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(rounds[device.Teller - 1]), TellerActor(device.Teller), Now));
        foreach (var device in devices[..2])
            motion = Applied(motion, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(device.Round2(rounds)), TellerActor(device.Teller), Now));

        // Teller 3's phone died before it sent its shares: the keying waits for it until the chair ends that.
        Assert.Equal(409, Confirm(motion, 1).Refusal!.Status);
        var silent = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(3), Chair, Now);
        Assert.Equal(DisqualificationReasons.Silent, Assert.IsType<TellerDisqualified>(Assert.Single(silent.Events)).Reason);
        motion = Applied(motion, silent);
        motion = Applied(motion, Confirm(motion, 1));
        // Teller 2 sent its shares but never confirmed them: silent too; with it gone 1 qualified teller is fewer than 2.
        Assert.Equal(409, DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(1), Chair, Now).Refusal!.Status);
        var opened = Assert.IsType<BallotBoardOpened>(Confirm(motion, 2).Events[^1]);
        Assert.Equal([1, 2], opened.Qualified!);
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 2]).PublicKey, opened.PublicKey);
        var failed = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now);
        Assert.Equal([1], Assert.IsType<KeyingFailed>(failed.Events[^1]).Qualified);
    }

    [Fact]
    public void a_teller_that_never_sends_its_keys_is_disqualified_by_the_chair_and_the_other_two_make_a_key_they_decrypt()
    {
        var (motion, devices) = ThreeTellers();
        var all = devices.Select(d => d.Round1()).ToArray();
        foreach (var device in devices[..2]) motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(all[device.Teller - 1]), TellerActor(device.Teller), Now));
        // Teller 3's phone died before its keys: every other share waits on them until the chair ends the wait.
        Assert.Equal(409, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares([]), TellerActor(1), Now).Refusal!.Status);
        var silent = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(3), Chair, Now);
        Assert.Equal(DisqualificationReasons.Silent, Assert.IsType<TellerDisqualified>(Assert.Single(silent.Events)).Reason);
        motion = Applied(motion, silent);
        Assert.Equal(409, CommitTellerKeyEndpoint.Decide(motion, Command(all[2]), TellerActor(3), Now).Refusal!.Status);

        // Shares go to the tellers with keys only: one to teller 3 as well is refused (it has no transport key to seal to).
        var rounds = all[..2];
        var toEveryone = devices[0].Round2(all);
        Assert.Equal(400, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(toEveryone), TellerActor(1), Now).Refusal!.Status);
        var sent = devices[..2].Select(d => new SentShares(d.Teller, d.Round2(rounds))).ToArray();
        foreach (var shares in sent) motion = Applied(motion, SendTellerSharesEndpoint.Decide(motion, new SendTellerShares(shares.Shares), TellerActor(shares.Teller), Now));
        motion = Applied(motion, Confirm(motion, 1));
        var opened = Assert.IsType<BallotBoardOpened>(Confirm(motion, 2).Events[^1]);
        Assert.Equal([1, 2], opened.Qualified!);
        Assert.Equal([1, 2], opened.Dealing!.Select(r => r.Teller));
        // Three tellers' keys, the third one's summing the two dealings at 3 (it will never hold that share).
        Assert.Equal(3, opened.TellerKeys.Length);

        var key = new ElectionKey(opened.PublicKey, opened.Threshold, opened.TellerKeys);
        var shares12 = devices[..2].Select(d => d.Receive(rounds, sent)).ToArray();
        Assert.All(shares12, s => Assert.Empty(s.Complaints));
        for (var j = 0; j < 2; j++) Assert.Equal(key.TellerKeys[j], Hex(G.Times(shares12[j].Share)));
        var ballots = new[] { "yes", "no", "yes", "abstain", "yes", "no" }.Select(c => EncryptedBallot.Encrypt(c, key.PublicPoint(), motion.Id)).ToList();
        var sums = Tally.Sums(ballots);
        var partials = devices[..2].Select((d, j) => d.Partial(sums, shares12[j].Share)).ToArray();
        Assert.All(partials, p => Assert.Null(KeyGeneration.Fault(motion.Id, key, sums, p)));
        Assert.Equal(new BallotCounts(3, 2, 1), Tally.Counts(KeyGeneration.Combine(sums, 2, partials, ballots.Count)!));
    }

    [Fact]
    public void two_of_three_tellers_silent_before_their_keys_fail_the_keying_at_the_second_disqualification()
    {
        var motionId = Guid.CreateVersion7();
        var motion = Keying(motionId);
        var round = new TellerDevice(motionId, 1, 2).Round1();
        motion = Applied(motion, CommitTellerKeyEndpoint.Decide(motion, Command(round), TellerActor(1), Now));
        var first = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(2), Chair, Now);
        Assert.IsType<TellerDisqualified>(Assert.Single(first.Events));
        motion = Applied(motion, first);
        Assert.Equal("keying", motion.Vote!.KeyingStage);
        var second = DisqualifyTellerEndpoint.Decide(motion, new DisqualifyTeller(3), Chair, Now);
        var failed = Assert.IsType<KeyingFailed>(second.Events[^1]);
        Assert.Equal([1], failed.Qualified);
        Assert.Equal(2, failed.Threshold);
        motion = Applied(motion, second);
        Assert.Equal("failed", motion.Vote!.KeyingStage);
        var refused = SendTellerSharesEndpoint.Decide(motion, new SendTellerShares([]), TellerActor(1), Now).Refusal!;
        Assert.Equal(409, refused.Status);
        Assert.StartsWith("Too few qualified tellers", refused.Detail);
    }

    private static readonly Actor Chair = new(Guid.CreateVersion7(), Roles.Organiser, null, null);

    private static Decision Confirm(MotionState motion, int teller) => ConfirmTellerSharesEndpoint.Decide(motion, new ConfirmTellerShares(), TellerActor(teller), Now);

    private static MotionState Applied(MotionState motion, Decision decision)
    {
        Assert.Null(decision.Refusal);
        return decision.Events.Aggregate(motion, (state, e) => e switch
        {
            TellerCommitted c => state.Apply(c),
            TellerSharesSent s => state.Apply(s),
            TellerComplained c => state.Apply(c),
            ShareRevealed r => state.Apply(r),
            TellerConfirmed c => state.Apply(c),
            TellerDisqualified d => state.Apply(d),
            KeyingFailed f => state.Apply(f),
            BallotBoardOpened o => state.Apply(o),
            _ => throw new InvalidOperationException($"No state change written for {e.GetType().Name}."),
        });
    }

    private sealed class KeyComparer : IEqualityComparer<ElectionKey>
    {
        public bool Equals(ElectionKey? x, ElectionKey? y) => x!.PublicKey == y!.PublicKey && x.Threshold == y.Threshold && x.TellerKeys.SequenceEqual(y.TellerKeys);
        public int GetHashCode(ElectionKey obj) => obj.PublicKey.GetHashCode();
    }
}
