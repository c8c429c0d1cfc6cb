using Alba.Coordination.Sessions.Ballots;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions;

/// <summary>The accused teller's answer to teller <c>To</c>'s complaint: its share <c>f(to)</c> in the clear, for everyone to check.</summary>
public sealed record AnswerComplaint(int To, string? Share);

/// <summary>The answer recorded: whether the revealed share holds against the accused's commitments, and where the keying stands.</summary>
public sealed record ComplaintAnswer(Guid MotionId, int Teller, int To, bool Holds, string Status);

public static class AnswerComplaintEndpoint
{
    public static ProblemDetails Validate(AnswerComplaint command) => new Validation()
        .Check(ParseScalar(command.Share?.ToLowerInvariant()) is not null, "share",
            "'share' is the share f(to) you sent that teller: 64 hex digits, a number below the order of P-256.")
        .ToProblem();

    /// <summary>
    /// Once per complaint against the caller, while the key is being made. The revealed share is public from now on: it holds
    /// against the caller's commitments (the complainer's device takes it) or it does not, and then the caller is disqualified.
    /// </summary>
    public static Decision Decide(MotionState motion, AnswerComplaint command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        if (command.To < 1 || command.To > keying!.Tellers.Length || command.To == teller)
            return Problems.Invalid("to", $"'to' is the number of the teller who complained (1 to {keying!.Tellers.Length}, not yours).");
        var ended = TellerRules.KeyingEnded(motion.Vote!);
        if (!Problems.IsOk(ended)) return ended;
        if (keying!.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from making this vote's key: you take no further part in it.");
        if (!keying.OpenComplaints.Any(c => c.Teller == command.To && c.Against == teller))
            return Problems.Conflict($"No complaint of teller {command.To} against you waits for an answer.");
        var share = ParseScalar(command.Share!.ToLowerInvariant())!;
        var holds = new RevealedShare(teller, command.To, Hex(share), false).HoldsAgainst(keying.Rounds.Single(r => r.Teller == teller).Commitments);
        var revealed = new ShareRevealed(motion.Id, motion.SessionId, teller, command.To, Hex(share), holds, now);
        if (holds) return TellerRules.Conclude(motion, motion.Apply(revealed).Vote!.Tellers!, now, revealed);
        var disqualified = new TellerDisqualified(motion.Id, motion.SessionId, teller, DisqualificationReasons.ShareFails, null, now);
        return TellerRules.Conclude(motion, motion.Apply(revealed).Apply(disqualified).Vote!.Tellers!, now, revealed, disqualified);
    }

    [WolverinePost("/api/motions/{id}/keying/answers", Name = "AnswerComplaint"), Authorize]
    public static Task<IResult> Post(AnswerComplaint command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) =>
            {
                var teller = after.Vote!.Tellers!.NumberOf(user.Actor().DelegateId)!.Value;
                return new ComplaintAnswer(after.Id, teller, command.To, !after.Vote.Tellers.Disqualified.Contains(teller), after.Vote.KeyingStage);
            });
}
