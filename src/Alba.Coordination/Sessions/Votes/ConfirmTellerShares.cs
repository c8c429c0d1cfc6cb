namespace Alba.Coordination.Sessions;

/// <summary>A teller's device opened every share sent to it by a qualified teller (taking a revealed share where a complaint was answered), and all hold.</summary>
public sealed record ConfirmTellerShares;

public static class ConfirmTellerSharesEndpoint
{
    /// <summary>
    /// Once per qualified teller, after every teller's shares are in and while no complaint of its own waits for an answer. The
    /// confirmation that leaves every qualified teller confirmed and no complaint open ends the keying (<see cref="TellerRules.Conclude"/>).
    /// </summary>
    public static Decision Decide(MotionState motion, ConfirmTellerShares command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        var ended = TellerRules.KeyingEnded(motion.Vote!);
        if (!Problems.IsOk(ended)) return ended;
        if (keying!.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from making this vote's key: you take no further part in it.");
        if (!keying.AllShared)
            return Problems.Conflict($"Shares are checked once every qualified teller has sent its shares ({keying.Qualified.Count(keying.SharesSent.Contains)} of {keying.Qualified.Length} so far).");
        if (keying.Confirmed.Contains(teller)) return Problems.Conflict("You have confirmed your shares already.");
        if (keying.OpenComplaints.FirstOrDefault(c => c.Teller == teller) is { } waiting)
            return Problems.Conflict($"Your complaint against teller {waiting.Against} waits for its answer or the chair's decision.");
        var confirmed = new TellerConfirmed(motion.Id, motion.SessionId, teller, now);
        return TellerRules.Conclude(motion, motion.Apply(confirmed).Vote!.Tellers!, now, confirmed);
    }

    [WolverinePost("/api/motions/{id}/keying/confirmations", Name = "ConfirmTellerShares"), Authorize]
    public static Task<IResult> Post(ConfirmTellerShares command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new TellerRoundAnswer(after.Id, after.Vote!.Tellers!.NumberOf(user.Actor().DelegateId)!.Value, after.Vote.KeyingStage));
}
