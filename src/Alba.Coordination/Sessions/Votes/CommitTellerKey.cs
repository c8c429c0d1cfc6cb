using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Sessions;

/// <summary>
/// A teller's first round of making the vote's key, sent by its device: its transport public key, the Feldman commitments to its
/// random polynomial (one per coefficient, threshold of them) and the proof that it knows the constant term.
/// </summary>
public sealed record CommitTellerKey(string? TransportKey, string[]? Commitments, KnowledgeProof? Proof);

public sealed record TellerRoundAnswer(Guid MotionId, int Teller, string Status);

public static class CommitTellerKeyEndpoint
{
    public static ProblemDetails Validate(CommitTellerKey command) => new Validation()
        .Check(command.TransportKey is not null, "transportKey", "Send the device's 'transportKey' (a compressed P-256 point).")
        .Check(command.Commitments is { Length: > 0 }, "commitments", "Send the polynomial's 'commitments'.")
        .Check(command.Proof is { C: not null, Z: not null }, "proof", "Send the 'proof' of knowledge {c, z}.")
        .ToProblem();

    /// <summary>Once per teller, while the key is being made; the round's shape and proof are checked (400 naming what is wrong).</summary>
    public static Decision Decide(MotionState motion, CommitTellerKey command, Actor actor, DateTimeOffset now)
    {
        var (teller, keying, problem) = TellerRules.Teller(motion, actor);
        if (!Problems.IsOk(problem)) return problem;
        var ended = TellerRules.KeyingEnded(motion.Vote!);
        if (!Problems.IsOk(ended)) return ended;
        if (keying!.HasCommitted(teller)) return Problems.Conflict("You have sent your keys for this vote already.");
        if (keying.Disqualified.Contains(teller)) return Problems.Conflict("You were disqualified from this vote's key: the chair ended the wait for your keys.");
        var round = new TellerCommitments(teller, command.TransportKey!.ToLowerInvariant(),
            command.Commitments!.Select(c => c?.ToLowerInvariant()!).ToArray(), command.Proof! with { C = command.Proof.C.ToLowerInvariant(), Z = command.Proof.Z.ToLowerInvariant() });
        if (KeyGeneration.Fault(motion.Id, keying.Threshold, round) is { } fault) return Problems.Invalid(fault.Field, fault.Message);
        return Decision.Append(new TellerCommitted(motion.Id, motion.SessionId, round, now));
    }

    [WolverinePost("/api/motions/{id}/keying/commitments", Name = "CommitTellerKey"), Authorize]
    public static Task<IResult> Post(CommitTellerKey command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, motion => Decide(motion, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new TellerRoundAnswer(after.Id, after.Vote!.Tellers!.NumberOf(user.Actor().DelegateId)!.Value, after.Vote.KeyingStage));
}
