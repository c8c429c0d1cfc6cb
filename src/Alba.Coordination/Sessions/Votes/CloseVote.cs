using Alba.Coordination.Sessions.Ballots;
using Org.BouncyCastle.Math;

namespace Alba.Coordination.Sessions;

/// <summary>Closing a vote; a secret vote dealt by the server takes its tellers' shares of the decryption key here (at least the
/// threshold of them); a vote whose key its named tellers hold takes none (they decrypt on their devices, after this closing).</summary>
/// <param name="AcceptMissing">How many registered ballots the chair accepts will never reach the board (their node stopped and
/// their voters cannot send them again); the closing proceeds only if exactly that many are missing.</param>
public sealed record CloseVote(TellerShare[]? Shares, int? AcceptMissing = null);

/// <summary>What closing a secret vote decides on: the ballots on its board, those still waiting in the mixer, the tellers' shares,
/// and how many missing ballots the chair accepts to lose.</summary>
public sealed record SecretClosing(IReadOnlyList<EncryptedBallot> Posted, IReadOnlyList<EncryptedBallot> Waiting, IReadOnlyList<TellerShare> Shares,
    int AcceptMissing = 0);

public static class CloseVoteEndpoint
{
    /// <summary>
    /// Closes the open vote and records its result. A named vote's tally is the motion's; a secret vote's is the decryption of
    /// its board's sums with the key rebuilt from the tellers' shares (<paramref name="secret"/>), after the ballots still in
    /// the mixer are posted. A missed quorum rejects the motion whatever the counts.
    /// </summary>
    public static Decision Decide(MotionState motion, SecretClosing? secret, Actor actor, DateTimeOffset now)
    {
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is already closed.");
        if (!vote.Secret) return Decision.Append(Closed(motion, vote, vote.NamedTally, actor, now));
        if (vote.KeyingFailed) return Problems.Conflict("Too few qualified tellers were left to make this vote's key: it took no ballot; the chair opens another vote.");
        if (vote.IsKeying) return Problems.Conflict("The tellers are still making this vote's key; it has taken no ballot yet.");
        if (vote.IsSealed)
            return Problems.Conflict($"The vote is closed to ballots; its tally waits for the tellers' partial decryptions ({vote.Sealed!.Partials.Length} of {vote.Board!.Key.Threshold} in).");
        if (vote.Board is not { } board || secret is null) throw new InvalidOperationException("A secret vote closes with its board.");
        BigInteger? key = null;
        if (vote.Tellers is null)
        {
            (key, var refusal) = Tellers.Combine(board.Key, secret.Shares);
            if (key is null) return refusal;
        }
        var missing = vote.Cast - (board.Posted + secret.Waiting.Count);
        if (missing != 0 && missing != secret.AcceptMissing)
        {
            var stillMissing = Problems.Conflict($"{missing} of the {vote.Cast} ballots registered are still on their way to the board; close again in a moment, or, if their voters cannot send them again, close accepting their loss ('acceptMissing').");
            // The number the chair's console offers to accept, so it need not be read out of the sentence.
            stillMissing.Extensions["missing"] = missing;
            return stillMissing;
        }
        var posting = BoardChain.Post(board.Posted, board.Head, secret.Waiting);
        EncryptedBallot[] ballots = [.. secret.Posted, .. secret.Waiting];
        Decision Then(params object[] events) => posting.Length > 0
            ? Decision.Append(new BallotsPosted(motion.Id, motion.SessionId, posting, now), events)
            : Decision.Append(events[0], events[1..]);
        // A key the tellers hold: the board is final and its sums are fixed for their devices to decrypt (an empty board has none).
        if (key is null && ballots.Length > 0)
            return Then(new BallotsSealed(motion.Id, motion.SessionId, Tally.Sums(ballots), ballots.Length, missing, actor.Id, now));
        var tally = key is null ? [] : Tally.Decrypt(motion.Id, board.Key.PublicPoint(), key, ballots);
        return Then(new TallyDecrypted(motion.Id, motion.SessionId, tally, actor.Id, now, missing), Closed(motion, vote, Tally.Counts(tally), actor, now));
    }

    public static VoteClosed Closed(MotionState motion, MotionVote vote, BallotCounts counts, Actor actor, DateTimeOffset now)
    {
        var result = VoteRules.Result(vote.Majority, vote.Quorum, vote.Eligible, counts);
        return new VoteClosed(motion.Id, motion.SessionId, motion.AssemblyId, result.Yes, result.No, result.Abstain,
            result.Eligible, result.Cast, result.QuorumMet, result.Outcome, actor.Id, now);
    }

    /// <summary>
    /// The motion's row is locked before the board is read: ballots and the mixer's postings take the same lock, so the board
    /// and the mixer hold exactly the ballots of the register this close sees. Ballots taken from the mixer go back to it
    /// unless the closing commits.
    /// </summary>
    [WolverinePost("/api/motions/{id}/vote/closing", Name = "CloseVote"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(CloseVote? command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, BallotMixer mixer, TimeProvider clock)
    {
        if (stream.Loaded().Vote is not { Secret: true, IsOpen: true, IsKeying: false, IsSealed: false })
            return await session.Decide(stream, state => Decide(state, null, user.Actor(), clock.GetUtcNow()), (after, _) => after.Vote!.Result!);
        var posted = await PostedBallot.ChainAsync(session, stream.Id);
        var waiting = mixer.Take(stream.Id);
        try
        {
            var secret = new SecretClosing(posted.Select(e => e.Ballot).ToList(), waiting, command?.Shares ?? [], command?.AcceptMissing ?? 0);
            var decision = Decide(stream.Loaded(), secret, user.Actor(), clock.GetUtcNow());
            // A vote whose tellers hold the key answers how its decryption stands: it closes when the threshold of them have decrypted.
            var answer = await session.Decide(stream, _ => decision, (after, _) => after.Vote!.Result is { } result
                ? result
                : new TallyProgress(after.Id, 0, after.Vote.Board!.Key.Threshold, null));
            if (decision.Changes)
            {
                await session.SaveChangesAsync();
                mixer.Closed(stream.Id);
            }
            else mixer.Return(stream.Id, waiting);
            return answer;
        }
        catch
        {
            mixer.Return(stream.Id, waiting);
            throw;
        }
    }
}
