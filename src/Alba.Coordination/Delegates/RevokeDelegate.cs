using Alba.Coordination.Privacy;

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
    /// delegation in the middle of an assembly. The reason is a note about the person: it arrives sealed with the person's key
    /// (<paramref name="sealedReason"/>, null once the person was erased).
    /// </summary>
    public static Decision Decide(DelegateState state, string? sealedReason, Actor actor, DateTimeOffset now) => state.Status switch
    {
        DelegateStatus.Revoked => Decision.Nothing,
        DelegateStatus.Accredited => Decision.Append(new DelegateRevoked(state.Id, state.AssemblyId, sealedReason, actor.Id, now)),
        _ => Refusals.Status(state, "revoked (only an accredited delegate can be)"),
    };

    [WolverinePost("/api/delegates/{id}/revocation", Name = "RevokeDelegate"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(RevokeDelegate command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, PersonalVault vault, TimeProvider clock)
    {
        var sealedReason = await DelegatePeople.SealNote(session, vault, stream.Id, command.Reason);
        return await session.Decide(stream, state => Decide(state, sealedReason, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new DelegateStatusAnswer(after.Id, after.Status, decision.Changes));
    }
}
