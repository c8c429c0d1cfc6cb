namespace Alba.Coordination.Sessions;

/// <summary>The chair's decision that teller <c>Teller</c>, accused and silent, takes no further part in making the vote's key.</summary>
public sealed record DisqualifyTeller(int Teller);

public static class DisqualifyTellerEndpoint
{
    /// <summary>
    /// Only a teller with a complaint against it left unanswered, while the key is being made: its dealing no longer counts
    /// towards the key, and it decrypts nothing. A teller who answered with a share that holds, or is not accused, is a 409.
    /// </summary>
    public static Decision Decide(MotionState motion, DisqualifyTeller command, Actor actor, DateTimeOffset now)
    {
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (vote.Tellers is not { } keying) return Problems.Conflict("This vote has no named tellers: its key, if any, is held by the server.");
        if (command.Teller < 1 || command.Teller > keying.Tellers.Length)
            return Problems.Invalid("teller", $"'teller' is a teller's number, 1 to {keying.Tellers.Length}.");
        if (!vote.IsKeying) return Problems.Conflict("This vote's key is made already.");
        if (keying.Disqualified.Contains(command.Teller)) return Problems.Conflict($"Teller {command.Teller} is disqualified already.");
        if (keying.OpenComplaints.Any(c => c.Against == command.Teller))
        {
            var disqualified = new TellerDisqualified(motion.Id, motion.SessionId, command.Teller, DisqualificationReasons.Unanswered, actor.Id, now);
            return TellerRules.Conclude(motion, motion.Apply(disqualified).Vote!.Tellers!, now, disqualified);
        }
        if (keying.Revealed.Any(r => r.Teller == command.Teller))
            return Problems.Conflict($"Teller {command.Teller} answered the complaints against it with shares that hold; it stays.");
        return Problems.Conflict($"Teller {command.Teller} is not accused: only a teller who leaves a complaint against it unanswered is disqualified.");
    }

    [WolverinePost("/api/motions/{id}/keying/disqualifications", Name = "DisqualifyTeller"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(DisqualifyTeller command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new { motionId = after.Id, teller = command.Teller, status = after.Vote!.KeyingStage },
            createdAt: $"/api/motions/{stream.Id}/keying");
}
