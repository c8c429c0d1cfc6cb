namespace Alba.Coordination.Delegates;

public static class ReissueCredentialEndpoint
{
    /// <summary>Only an accredited delegate holds a credential; the new one replaces (invalidates) the old.</summary>
    public static Decision Decide(DelegateState state, IssuedCredential credential, Actor actor, DateTimeOffset now) =>
        state.Status == DelegateStatus.Accredited
            ? Decision.Append(new CredentialReissued(state.Id, state.AssemblyId, credential.Hash, actor.Id, now) { MovementId = state.MovementId })
            : Refusals.Status(state, "given a credential");

    [WolverinePost("/api/delegates/{id}/credential", Name = "ReissueCredential"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("delegate")] IEventStream<DelegateState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var credential = IssuedCredential.New();
        return session.Decide(stream, state => Decide(state, credential, user.Actor(), clock.GetUtcNow()),
            (after, decision) => CredentialAnswer.For(after, decision, credential));
    }
}
