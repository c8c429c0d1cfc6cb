namespace Alba.Coordination.Sessions;

/// <summary>The chair's decision that teller <c>Teller</c>, accused and silent, or silent where its part is due, takes no further part in making the vote's key.</summary>
public sealed record DisqualifyTeller(int Teller);

public static class DisqualifyTellerEndpoint
{
    /// <summary>
    /// While the key is being made, a teller the rule of <see cref="TellerKeying.DisqualificationReason"/> names: its dealing no
    /// longer counts towards the key, it receives no shares if it sent no keys, and it decrypts nothing. Any other is a 409.
    /// </summary>
    public static Decision Decide(MotionState motion, DisqualifyTeller command, Actor actor, DateTimeOffset now)
    {
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (vote.Tellers is not { } keying) return Problems.Conflict("This vote has no named tellers: its key, if any, is held by the server.");
        if (command.Teller < 1 || command.Teller > keying.Tellers.Length)
            return Problems.Invalid("teller", $"'teller' is a teller's number, 1 to {keying.Tellers.Length}.");
        var ended = TellerRules.KeyingEnded(vote);
        if (!Problems.IsOk(ended)) return ended;
        if (keying.Disqualified.Contains(command.Teller)) return Problems.Conflict($"Teller {command.Teller} is disqualified already.");
        if (keying.DisqualificationReason(command.Teller) is not { } reason)
            return keying.AllCommitted
                ? Problems.Conflict($"Teller {command.Teller} has sent its shares and confirmed them, and no complaint against it waits: it stays.")
                : Problems.Conflict($"Teller {command.Teller} has sent its keys; its shares are due once the other tellers' keys are in ({keying.KeysIn} of {keying.Qualified.Length} so far).");
        var disqualified = new TellerDisqualified(motion.Id, motion.SessionId, command.Teller, reason, actor.Id, now);
        return TellerRules.Conclude(motion, motion.Apply(disqualified).Vote!.Tellers!, now, disqualified);
    }

    [WolverinePost("/api/motions/{id}/keying/disqualifications", Name = "DisqualifyTeller"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(DisqualifyTeller command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new { motionId = after.Id, teller = command.Teller, status = after.Vote!.KeyingStage },
            createdAt: $"/api/motions/{stream.Id}/keying");
}
