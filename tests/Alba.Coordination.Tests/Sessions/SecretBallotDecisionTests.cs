using Alba.Coordination.Infrastructure;
using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;
using CsCheck;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>Forged ballots and ballots of two, built the way a cheating client would.</summary>
internal static class Forgeries
{
    /// <summary>A ballot whose 'yes' encrypts <paramref name="yes"/> (2 for a double vote), proved as if it were 1.</summary>
    public static EncryptedBallot WithYesOf(int yes, string publicKey, Guid motionId)
    {
        var key = ParsePoint(publicKey)!;
        var honest = EncryptedBallot.Encrypt(BallotChoices.Yes, key, motionId);
        var r = RandomScalar();
        var a = G.Times(r);
        var b = Encode(yes).Plus(key.Times(r));
        var forged = new EncryptedOption(Hex(a), Hex(b), ZeroOrOneProof.Prove(motionId, key, a, b, 1, r));
        return honest with { Options = [forged, .. honest.Options[1..]] };
    }

    /// <summary>Yes and no both encrypting 1, each with a true 0-or-1 proof; the proof that they add up to one is made up.</summary>
    public static EncryptedBallot YesAndNo(string publicKey, Guid motionId)
    {
        var key = ParsePoint(publicKey)!;
        var yes = EncryptedBallot.Encrypt(BallotChoices.Yes, key, motionId);
        var no = EncryptedBallot.Encrypt(BallotChoices.No, key, motionId);
        return yes with { Options = [yes.Options[0], no.Options[1], yes.Options[2]] };
    }

    /// <summary>An honest ballot with one response of one proof changed.</summary>
    public static EncryptedBallot WithAlteredProof(string publicKey, Guid motionId)
    {
        var honest = EncryptedBallot.Encrypt(BallotChoices.No, ParsePoint(publicKey)!, motionId);
        var option = honest.Options[1];
        var z0 = Hex(ParseScalar(option.Proof.Z0)!.Add(BigInteger.One).Mod(Order));
        return honest with { Options = [honest.Options[0], option with { Proof = option.Proof with { Z0 = z0 } }, honest.Options[2]] };
    }
}

public class secret_ballot_cryptography
{
    private static readonly Guid MotionId = Guid.CreateVersion7();
    private static readonly (ElectionKey Key, TellerShare[] Shares) Dealt = Tellers.Deal(5, 3);
    private static readonly string PublicKey = Dealt.Key.PublicKey;

    [Theory]
    [InlineData(BallotChoices.Yes)]
    [InlineData(BallotChoices.No)]
    [InlineData(BallotChoices.Abstain)]
    public void an_honest_ballot_of_any_choice_proves_itself_for_its_motion_only(string choice)
    {
        var ballot = EncryptedBallot.Encrypt(choice, Dealt.Key.PublicPoint(), MotionId);
        Assert.Null(ballot.Fault(Dealt.Key.PublicPoint(), MotionId));
        Assert.Matches("^[0-9a-f]{64}$", ballot.Receipt());
        Assert.Equal(ballot.Receipt(), ballot.Canonical().Receipt());
        // Bound to its vote: the same ballot replayed in another vote does not verify.
        Assert.NotNull(ballot.Fault(Dealt.Key.PublicPoint(), Guid.CreateVersion7()));
        Assert.NotEqual(ballot.Receipt(), EncryptedBallot.Encrypt(choice, Dealt.Key.PublicPoint(), MotionId).Receipt());
    }

    [Fact]
    public void a_forged_proof_an_encryption_of_two_or_two_choices_fail()
    {
        var key = Dealt.Key.PublicPoint();
        Assert.Contains("'no' encrypts 0 or 1", Forgeries.WithAlteredProof(PublicKey, MotionId).Fault(key, MotionId));
        Assert.Contains("'yes' encrypts 0 or 1", Forgeries.WithYesOf(2, PublicKey, MotionId).Fault(key, MotionId));
        Assert.Contains("exactly one choice", Forgeries.YesAndNo(PublicKey, MotionId).Fault(key, MotionId));
        var honest = EncryptedBallot.Encrypt(BallotChoices.Yes, key, MotionId);
        Assert.NotNull((honest with { Options = honest.Options[..2] }).Fault(key, MotionId));
        Assert.NotNull((honest with { Options = [honest.Options[0] with { A = "02" + new string('0', 64) }, .. honest.Options[1..]] }).Fault(key, MotionId));
    }

    [Fact]
    public void any_three_of_five_tellers_rebuild_the_key_and_fewer_are_told_how_many_are_missing()
    {
        foreach (var chosen in new[] { new[] { 0, 1, 2 }, [2, 3, 4], [4, 0, 2], [0, 1, 2, 3, 4] })
        {
            var (secret, problem) = Tellers.Combine(Dealt.Key, chosen.Select(i => Dealt.Shares[i]).ToList());
            Assert.True(Problems.IsOk(problem), problem.Detail);
            Assert.Equal(PublicKey, Hex(G.Times(secret!)));
        }
        var (none, missing) = Tellers.Combine(Dealt.Key, [Dealt.Shares[0], Dealt.Shares[0]]);
        Assert.Null(none);
        Assert.Equal(409, missing.Status);
        Assert.StartsWith("2 more teller shares are needed", missing.Detail);
        var wrong = Tellers.Combine(Dealt.Key, [Dealt.Shares[0], Dealt.Shares[1] with { Teller = 3 }, Dealt.Shares[3]]).Problem;
        Assert.Equal(400, wrong.Status);
        Assert.Contains("teller 3", wrong.Detail);
    }

    [Fact]
    public void the_tally_of_the_board_decrypts_the_sums_only_and_proves_it()
    {
        var key = Dealt.Key.PublicPoint();
        var choices = new[] { "yes", "no", "yes", "abstain", "yes" };
        var ballots = choices.Select(c => EncryptedBallot.Encrypt(c, key, MotionId)).ToList();
        var secret = Tellers.Combine(Dealt.Key, Dealt.Shares[..3]).Secret!;
        var tally = Tally.Decrypt(MotionId, key, secret, ballots);
        Assert.Equal([3, 1, 1], tally.Select(t => t.Count));
        Assert.Null(Tally.Fault(MotionId, Dealt.Key, ballots, tally));
        Assert.Contains("does not decrypt to 4", Tally.Fault(MotionId, Dealt.Key, ballots, [tally[0] with { Count = 4 }, .. tally[1..]]));
        Assert.Contains("not the sum", Tally.Fault(MotionId, Dealt.Key, ballots[1..], tally));
        Assert.Empty(Tally.Decrypt(MotionId, key, secret, []));
    }

    [Fact]
    public void a_proof_commitment_rebuilt_by_openssl_is_the_one_bouncycastle_computes()
    {
        // On Linux the check runs on OpenSSL's P-256; this compares it with BouncyCastle's arithmetic, the fallback elsewhere.
        Assert.True(OpenSslP256.IsAvailable);
        var key = Dealt.Key.PublicPoint();
        var other = G.Times(RandomScalar());
        var scalar = Gen.Frequency((1, Gen.Const(BigInteger.Zero)), (9, Gen.Byte.Array[32].Select(bytes => new BigInteger(1, bytes).Mod(Order))));
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], scalar, scalar, Gen.Bool).Sample((baseChoice, yChoice, z, c, cancelling) =>
        {
            var point = new[] { G, key, other, other.Minus(G) }[baseChoice];
            var y = new[] { other.Plus(key), key, point }[yChoice];
            // y = point with c = z: the commitment is the identity.
            if (cancelling) (y, c) = (point, z);
            var expected = ECAlgorithms.SumOfTwoMultiplies(point, z, y.Negate(), c).Normalize();
            Assert.True(expected.Equals(Rebuild(point, z, y, c)));
        }, iter: 300);
    }
}

public class a_tampered_board
{
    private static readonly Guid MotionId = Guid.CreateVersion7();
    private static readonly (ElectionKey Key, TellerShare[] Shares) Dealt = Tellers.Deal(3, 2);

    /// <summary>A closed board of five ballots (3 yes, 1 no, 1 abstain), as the public route serves it.</summary>
    private static BoardDetails Closed()
    {
        var key = Dealt.Key.PublicPoint();
        var ballots = new[] { "yes", "no", "yes", "abstain", "yes" }.Select(c => EncryptedBallot.Encrypt(c, key, MotionId)).ToList();
        var genesis = BoardChain.Genesis(MotionId, Dealt.Key.PublicKey);
        var entries = BoardChain.Post(0, genesis, ballots);
        var tally = Tally.Decrypt(MotionId, key, Tellers.Combine(Dealt.Key, Dealt.Shares[..2]).Secret!, ballots);
        return new BoardDetails(MotionId, "closed", Dealt.Key.PublicKey, 2, Dealt.Key.TellerKeys, genesis, entries[^1].Hash, 5, entries, tally,
            new VoteResult(3, 1, 1, 6, 5, true, VoteOutcomes.Adopted));
    }

    [Fact]
    public void as_published_it_is_verified() => Assert.Empty(BoardVerifier.Faults(Closed()));

    [Fact]
    public void one_ciphertext_changed_is_named()
    {
        var board = Closed();
        var other = EncryptedBallot.Encrypt("no", Dealt.Key.PublicPoint(), MotionId);
        var ballots = board.Ballots.ToList();
        ballots[2] = ballots[2] with { Ballot = other };
        var faults = BoardVerifier.Faults(board with { Ballots = ballots });
        Assert.Contains("Ballot 3 was changed: its content no longer hashes to its receipt " + board.Ballots[2].Receipt + ".", faults);
        Assert.Contains("The tally of 'yes' is not the sum of the ballots on the board.", faults);
    }

    [Fact]
    public void one_ballot_removed_is_named()
    {
        var board = Closed();
        var faults = BoardVerifier.Faults(board with { Ballots = [.. board.Ballots.Take(1), .. board.Ballots.Skip(2)] });
        Assert.Contains("Ballot 2 is numbered 3: a ballot was removed, added or moved before it.", faults);
        Assert.Contains("Ballot 2 does not link to the ballot before it: a ballot was removed, added or moved.", faults);
        Assert.Contains("The register counts 5 voters, the board 4 ballots.", faults);
    }

    [Fact]
    public void the_last_ballot_cut_off_with_the_head_moved_back_is_still_named()
    {
        var board = Closed();
        var faults = BoardVerifier.Faults(board with { Ballots = board.Ballots.Take(4).ToList(), Head = board.Ballots[3].Hash });
        Assert.Contains("The register counts 5 voters, the board 4 ballots.", faults);
    }

    [Fact]
    public void two_ballots_swapped_are_named()
    {
        var board = Closed();
        var ballots = board.Ballots.ToList();
        (ballots[1], ballots[3]) = (ballots[3], ballots[1]);
        var faults = BoardVerifier.Faults(board with { Ballots = ballots });
        Assert.Contains("Ballot 2 is numbered 4: a ballot was removed, added or moved before it.", faults);
        Assert.Contains("Ballot 2 does not link to the ballot before it: a ballot was removed, added or moved.", faults);
    }

    [Fact]
    public void a_result_other_than_the_tally_is_named()
    {
        var faults = BoardVerifier.Faults(Closed() with { Result = new VoteResult(2, 2, 1, 6, 5, true, VoteOutcomes.Rejected) });
        Assert.Equal(["The result announced (2 yes, 2 no, 1 abstain) is not the tally decrypted from the board."], faults);
    }
}

public class secret_ballot_decisions
{
    [Fact]
    public void a_forged_ballot_or_an_encryption_of_two_is_refused_400_and_records_nothing()
    {
        var voter = States.Participant();
        var motion = States.SecretVote(eligible: voter.Id);
        var standing = new VoterStanding(OnRoll: true, HoldsVotingRights: true, HasVoted: false);
        var publicKey = motion.Vote!.Board!.Key.PublicKey;
        foreach (var forged in new[] { Forgeries.WithYesOf(2, publicKey, motion.Id), Forgeries.YesAndNo(publicKey, motion.Id),
                     Forgeries.WithAlteredProof(publicKey, motion.Id) })
        {
            var decision = CastBallotEndpoint.Decide(motion, standing, null, CheckedBallot.Check(forged, motion.Vote.Board.Key, motion.Id),
                States.DelegateActor(voter.Id), States.Now);
            Assert.Equal(400, States.Status(decision));
            Assert.Empty(decision.Events);
        }
    }

    [Fact]
    public void a_ballot_checked_under_another_key_or_none_is_refused_409_and_records_nothing()
    {
        var voter = States.Participant();
        var motion = States.SecretVote(eligible: voter.Id);
        var standing = new VoterStanding(OnRoll: true, HoldsVotingRights: true, HasVoted: false);
        var otherKey = States.Tellers3Of2.Key with { PublicKey = Hex(G.Times(RandomScalar())) };
        var honest = EncryptedBallot.Encrypt(BallotChoices.Yes, otherKey.PublicPoint(), motion.Id);
        foreach (var stale in new[] { CheckedBallot.Check(honest, otherKey, motion.Id), CheckedBallot.Encrypt(BallotChoices.Yes, motion.Vote!.Board!.Key,
                     Guid.CreateVersion7()), null })
        {
            var decision = CastBallotEndpoint.Decide(motion, standing, null, stale, States.DelegateActor(voter.Id), States.Now);
            Assert.Equal(409, States.Status(decision));
            Assert.Empty(decision.Events);
        }
        Assert.False(CastBallotEndpoint.Decide(motion, standing, null, CheckedBallot.Encrypt(BallotChoices.Yes, motion.Vote.Board.Key, motion.Id),
            States.DelegateActor(voter.Id), States.Now).IsRefused);
    }

    [Fact]
    public void closing_a_secret_vote_needs_the_threshold_of_shares_and_every_registered_ballot()
    {
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var motion = States.SecretVote(Majorities.Simple, 0, a, b);
        var key = motion.Vote!.Board!.Key.PublicPoint();
        foreach (var voter in new[] { a, b })
            motion = States.ApplyAll(motion, CastBallotEndpoint.Decide(motion, new VoterStanding(true, true, false), null,
                CheckedBallot.Encrypt(BallotChoices.Yes, motion.Vote!.Board!.Key, motion.Id), States.DelegateActor(voter), States.Now));
        var ballots = new[] { EncryptedBallot.Encrypt(BallotChoices.Yes, key, motion.Id), EncryptedBallot.Encrypt(BallotChoices.No, key, motion.Id) };

        var oneShare = CloseVoteEndpoint.Decide(motion, new SecretClosing([], ballots, [States.Tellers3Of2.Shares[0]]), States.Chair, States.Now);
        Assert.Equal(409, States.Status(oneShare));
        Assert.StartsWith("1 more teller share is needed", oneShare.Refusal!.Detail);
        var oneBallotMissing = CloseVoteEndpoint.Decide(motion, new SecretClosing([], ballots[..1], States.Tellers3Of2.Shares), States.Chair, States.Now);
        Assert.Equal(409, States.Status(oneBallotMissing));
        Assert.StartsWith("1 of the 2 ballots registered are still on their way", oneBallotMissing.Refusal!.Detail);
        var closed = CloseVoteEndpoint.Decide(motion, new SecretClosing([], ballots, [States.Tellers3Of2.Shares[2], States.Tellers3Of2.Shares[0]]),
            States.Chair, States.Now);
        Assert.Equal((1, 1, 0), closed.Events.OfType<VoteClosed>().Select(c => (c.Yes, c.No, c.Abstain)).Single());
    }
}
