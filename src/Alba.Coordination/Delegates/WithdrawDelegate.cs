namespace Alba.Coordination.Delegates;

/// <summary>The delegate's status after a command; <c>Changed</c> is false for a repeat that appended nothing.</summary>
public sealed record DelegateStatusAnswer(Guid DelegateId, DelegateStatus Status, bool Changed);

public static class WithdrawDelegateEndpoint
{
    /// <summary>
    /// The delegate itself, its movement's representative or an organiser withdraws a registration
    /// that holds a place; the place is free again for the movement's quota and the capacity.
    /// </summary>
    public static Decision Decide(DelegateState state, Actor actor, DateTimeOffset now)
    {
        if (!DelegateAccess.MayActFor(actor, state.Id, state.MovementId))
            return Problems.Forbidden("Only the delegate, its movement's representative or an organiser may withdraw it.");
        return state.Status switch
        {
            DelegateStatus.Withdrawn => Decision.Nothing,
            DelegateStatus.Registered or DelegateStatus.Accredited => Decision.Append(new DelegateWithdrawn(state.Id, state.AssemblyId, actor.Id, now)),
            _ => Refusals.Status(state, "withdrawn"),
        };
    }

    [WolverinePost("/api/delegates/{id}/withdrawal", Name = "WithdrawDelegate"), Authorize]
    public static Task<IResult> Post([LockedStream("delegate")] IEventStream<DelegateState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        return session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new DelegateStatusAnswer(after.Id, after.Status, decision.Changes));
    }
}
