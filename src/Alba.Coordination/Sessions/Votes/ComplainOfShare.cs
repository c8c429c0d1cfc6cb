namespace Alba.Coordination.Sessions;

/// <summary>A teller's device found that the share teller <c>against</c> sent it does not match that teller's commitments.</summary>
public sealed record ComplainOfShare(int Against);

public static class ComplainOfShareEndpoint
{
    /// <summary>
    /// Recorded for the chair and the board's readers to see; nothing more is decided: resolving a complaint (the accused teller
    /// revealing the share, or being disqualified) is not built, so the chair opens the vote again with other tellers.
    /// </summary>
    public static Decision Decide(MotionState motion, ComplainOfShare command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        if (command.Against < 1 || command.Against > keying!.Tellers.Length || command.Against == teller)
            return Problems.Invalid("against", $"'against' is another teller's number (1 to {keying!.Tellers.Length}, not yours).");
        if (!keying.SharesSent.Contains(command.Against)) return Problems.Conflict($"Teller {command.Against} has not sent its shares yet.");
        return Decision.Append(new TellerComplained(motion.Id, motion.SessionId, teller, command.Against, now));
    }

    [WolverinePost("/api/motions/{id}/keying/complaints", Name = "ComplainOfShare"), Authorize]
    public static Task<IResult> Post(ComplainOfShare command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new { motionId = after.Id, against = command.Against }, createdAt: $"/api/motions/{stream.Id}/keying");
}
