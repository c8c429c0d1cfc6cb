using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Sessions;

/// <summary>A teller's second round: <c>f_i(j)</c> for every other teller j that sent its keys, each encrypted on the device to j's transport key.</summary>
public sealed record SendTellerShares(SealedShare[]? Shares);

public static class SendTellerSharesEndpoint
{
    public static ProblemDetails Validate(SendTellerShares command) => new Validation()
        .Check(command.Shares is not null && command.Shares.All(s => s is { Iv: not null, Ciphertext: not null } && s.IsWellFormed), "shares",
            "'shares' holds one {to, iv (24 hex digits), ciphertext (96 hex digits)} per other teller that sent its keys.")
        .ToProblem();

    /// <summary>
    /// Once per teller, after every qualified teller's first round; exactly one share for each other teller with a first round
    /// (one disqualified without it has no transport key, and no share). The vote opens once every qualified teller has checked
    /// the shares sent to it (<see cref="ConfirmTellerSharesEndpoint"/>).
    /// </summary>
    public static Decision Decide(MotionState motion, SendTellerShares command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        var ended = TellerRules.KeyingEnded(motion.Vote!);
        if (!Problems.IsOk(ended)) return ended;
        if (keying!.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from making this vote's key: you take no further part in it.");
        if (!keying.AllCommitted)
            return Problems.Conflict($"Shares are sent once every qualified teller has sent its keys ({keying.KeysIn} of {keying.Qualified.Length} so far).");
        if (keying.SharesSent.Contains(teller)) return Problems.Conflict("You have sent your shares for this vote already.");
        var others = keying.Rounds.Select(r => r.Teller).Where(j => j != teller).Order().ToArray();
        var shares = command.Shares!.Select(s => new SealedShare(s.To, s.Iv.ToLowerInvariant(), s.Ciphertext.ToLowerInvariant())).ToArray();
        if (!shares.Select(s => s.To).Order().SequenceEqual(others))
            return Problems.Invalid("shares", $"Send exactly one share to each other teller ({string.Join(", ", others)}).");
        return Decision.Append(new TellerSharesSent(motion.Id, motion.SessionId, teller, shares, now));
    }

    [WolverinePost("/api/motions/{id}/keying/shares", Name = "SendTellerShares"), Authorize]
    public static Task<IResult> Post(SendTellerShares command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new TellerRoundAnswer(after.Id, after.Vote!.Tellers!.NumberOf(user.Actor().DelegateId)!.Value, after.Vote.KeyingStage));
}
