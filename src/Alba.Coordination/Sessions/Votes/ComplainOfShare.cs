namespace Alba.Coordination.Sessions;

/// <summary>A teller's device found that the share teller <c>against</c> sent it does not match that teller's commitments.</summary>
public sealed record ComplainOfShare(int Against);

public static class ComplainOfShareEndpoint
{
    /// <summary>
    /// While the key is being made, before the complainer confirms, once per accused teller. The accused answers by revealing the
    /// share (<see cref="AnswerComplaintEndpoint"/>) or the chair disqualifies it (<see cref="DisqualifyTellerEndpoint"/>); until
    /// then the keying waits.
    /// </summary>
    public static Decision Decide(MotionState motion, ComplainOfShare command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        if (command.Against < 1 || command.Against > keying!.Tellers.Length || command.Against == teller)
            return Problems.Invalid("against", $"'against' is another teller's number (1 to {keying!.Tellers.Length}, not yours).");
        var ended = TellerRules.KeyingEnded(motion.Vote!);
        if (!Problems.IsOk(ended)) return ended;
        if (keying.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from making this vote's key: you take no further part in it.");
        if (keying.Disqualified.Contains(command.Against)) return Problems.Conflict($"Teller {command.Against} is disqualified already.");
        if (!keying.SharesSent.Contains(command.Against)) return Problems.Conflict($"Teller {command.Against} has not sent its shares yet.");
        if (keying.Confirmed.Contains(teller)) return Problems.Conflict("You have confirmed your shares already.");
        if (keying.Complaints.Any(c => c.Teller == teller && c.Against == command.Against))
            return Problems.Conflict($"You have complained against teller {command.Against} already.");
        return Decision.Append(new TellerComplained(motion.Id, motion.SessionId, teller, command.Against, now));
    }

    [WolverinePost("/api/motions/{id}/keying/complaints", Name = "ComplainOfShare"), Authorize]
    public static Task<IResult> Post(ComplainOfShare command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new { motionId = after.Id, against = command.Against }, createdAt: $"/api/motions/{stream.Id}/keying");
}
