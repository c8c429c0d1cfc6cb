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
    /// conflict. Accrediting issues the credential whose hash the event carries.
    /// </summary>
    public static Decision Decide(DelegateState state, AccreditDelegate command, IssuedCredential credential, Actor actor, DateTimeOffset now)
    {
        var decided = command.Decision == Accredit ? DelegateStatus.Accredited : DelegateStatus.Rejected;
        if (state.Status == decided) return Decision.Nothing;
        if (state.Status != DelegateStatus.Registered)
            return Problems.Conflict($"Delegate {state.Id} is already {JsonNaming.Enum(state.Status)}; that decision cannot be changed.");
        return decided == DelegateStatus.Accredited
            ? Decision.Append(new DelegateAccredited(state.Id, state.AssemblyId, credential.Hash, actor.Id, now) { MovementId = state.MovementId })
            : Decision.Append(new DelegateRejected(state.Id, state.AssemblyId, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), actor.Id, now));
    }

    [WolverinePost("/api/delegates/{id}/accreditation", Name = "AccreditDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(AccreditDelegate command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var credential = IssuedCredential.New();
        return session.Decide(stream, state => Decide(state, command, credential, user.Actor(), clock.GetUtcNow()),
            (after, decision) => CredentialAnswer.For(after, decision, credential));
    }
}
