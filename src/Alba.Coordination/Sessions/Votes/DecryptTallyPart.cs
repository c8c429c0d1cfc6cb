using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Sessions;

/// <summary>A teller's partial decryption of the sealed sums: <c>D_j = s_j·A</c> per choice (yes, no, abstain), each with its proof.</summary>
public sealed record DecryptTallyPart(PartialLine[]? Lines);

/// <summary>How the tally stands after a partial: how many are in, how many are needed, and the result once they are.</summary>
public sealed record TallyProgress(Guid MotionId, int Received, int Needed, VoteResult? Result);

public static class DecryptTallyPartEndpoint
{
    public static ProblemDetails Validate(DecryptTallyPart command) => new Validation()
        .Check(command.Lines is { Length: 3 } && command.Lines.All(l => l is { D: not null, Proof: { C: not null, Z: not null } }), "lines",
            "'lines' holds one {d, proof: {c, z}} per choice: yes, no, abstain.")
        .ToProblem();

    /// <summary>
    /// Once per teller, after the vote closed to ballots; a partial whose proofs do not hold against the teller's key is 400. The
    /// partial that reaches the threshold combines them (Lagrange in the exponent), records the tally and closes the vote.
    /// </summary>
    public static Decision Decide(MotionState motion, DecryptTallyPart command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        if (keying!.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from making this vote's key: you take no further part in it.");
        var vote = motion.Vote!;
        if (!vote.IsOpen) return Problems.Conflict("The vote is closed; its tally is decrypted.");
        if (vote.Sealed is not { } sealedTally) return Problems.Conflict("The vote is still taking ballots; its tally is decrypted after the chair closes it.");
        if (sealedTally.Partials.Any(p => p.Teller == teller)) return Problems.Conflict("You have sent your partial decryption already.");
        var partial = new PartialDecryption(teller, command.Lines!.Select(l => new PartialLine(l.D.ToLowerInvariant(),
            new EqualLogProof(l.Proof.C.ToLowerInvariant(), l.Proof.Z.ToLowerInvariant()))).ToArray());
        if (KeyGeneration.Fault(motion.Id, vote.Board!.Key, sealedTally.Sums, partial) is { } fault) return Problems.Invalid("lines", fault);
        var decrypted = new PartialDecrypted(motion.Id, motion.SessionId, partial, now);
        PartialDecryption[] partials = [.. sealedTally.Partials, partial];
        if (KeyGeneration.Combine(sealedTally.Sums, vote.Board.Key.Threshold, partials, sealedTally.Ballots) is not { } tally)
            return Decision.Append(decrypted);
        var tallied = new TallyDecrypted(motion.Id, motion.SessionId, tally, actor.Id, now, sealedTally.Lost, partials);
        return Decision.Append(decrypted, tallied, CloseVoteEndpoint.Closed(motion, vote, Tally.Counts(tally), actor, now));
    }

    [WolverinePost("/api/motions/{id}/tally/partials", Name = "DecryptTallyPart"), Authorize]
    public static Task<IResult> Post(DecryptTallyPart command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new TallyProgress(after.Id, after.Vote!.Sealed!.Partials.Length, after.Vote.Board!.Key.Threshold, after.Vote.Result));
}
