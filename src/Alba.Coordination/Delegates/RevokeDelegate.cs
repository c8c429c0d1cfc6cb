namespace Alba.Coordination.Delegates;

public sealed record RevokeDelegate(string Reason);

public static class RevokeDelegateEndpoint
{
    public static ProblemDetails Validate(RevokeDelegate command) => new Validation()
        .Required(command.Reason, "reason", 1000)
        .ToProblem();

    /// <summary>
    /// Ends an accreditation at once (the view no longer lets the delegate vote, the credential
    /// stops working). A revoked delegate keeps its place, so revoking cannot be used to swap a
    /// delegation in the middle of an assembly.
    /// </summary>
    public static Decision Decide(DelegateState state, RevokeDelegate command, Actor actor, DateTimeOffset now) => state.Status switch
    {
        DelegateStatus.Revoked => Decision.Nothing,
        DelegateStatus.Accredited => Decision.Append(new DelegateRevoked(state.Id, state.AssemblyId, command.Reason.Trim(), actor.Id, now)),
        _ => Refusals.Status(state, "revoked (only an accredited delegate can be)"),
    };

    [WolverinePost("/api/delegates/{id}/revocation", Name = "RevokeDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(RevokeDelegate command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        return session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new DelegateStatusAnswer(after.Id, after.Status, decision.Changes));
    }
}
