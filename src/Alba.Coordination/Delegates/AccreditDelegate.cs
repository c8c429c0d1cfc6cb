using Alba.Coordination.Privacy;

namespace Alba.Coordination.Delegates;

public sealed record AccreditDelegate(string Decision, string? Reason);

public static class AccreditDelegateEndpoint
{
    public const string Accredit = "accredit";
    public const string Reject = "reject";

    public static ProblemDetails Validate(AccreditDelegate command) => new Validation()
        .Check(command.Decision is Accredit or Reject, "decision", $"'decision' must be '{Accredit}' or '{Reject}'.")
        .Check(command.Reason is null || command.Reason.Length <= 1000, "reason", "'reason' must be at most 1000 characters.")
        .ToProblem();

    /// <summary>
    /// A registration is decided once: the same decision again changes nothing, the other one is a
    /// conflict. Accrediting issues the credential whose hash the event carries; a rejection carries its reason sealed with the
    /// person's key (<paramref name="sealedReason"/>, sealed by the endpoint, which holds the key).
    /// </summary>
    public static Decision Decide(DelegateState state, AccreditDelegate command, IssuedCredential credential, string? sealedReason, Actor actor,
        DateTimeOffset now)
    {
        var decided = command.Decision == Accredit ? DelegateStatus.Accredited : DelegateStatus.Rejected;
        if (state.Status == decided) return Decision.Nothing;
        if (state.Status != DelegateStatus.Registered)
            return Problems.Conflict($"Delegate {state.Id} is already {JsonNaming.Enum(state.Status)}; that decision cannot be changed.");
        return decided == DelegateStatus.Accredited
            ? Decision.Append(new DelegateAccredited(state.Id, state.AssemblyId, credential.Hash, actor.Id, now) { MovementId = state.MovementId })
            : Decision.Append(new DelegateRejected(state.Id, state.AssemblyId, sealedReason, actor.Id, now));
    }

    [WolverinePost("/api/delegates/{id}/accreditation", Name = "AccreditDelegate"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(AccreditDelegate command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, PersonalVault vault, TimeProvider clock)
    {
        var credential = IssuedCredential.New();
        var sealedReason = command.Decision == Reject ? await DelegatePeople.SealNote(session, vault, stream.Id, command.Reason) : null;
        return await session.Decide(stream, state => Decide(state, command, credential, sealedReason, user.Actor(), clock.GetUtcNow()),
            (after, decision) => CredentialAnswer.For(after, decision, credential));
    }
}
