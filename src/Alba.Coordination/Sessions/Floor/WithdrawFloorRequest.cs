namespace Alba.Coordination.Sessions;

/// <summary>The delegate is no longer waiting for the floor of the session.</summary>
public sealed record FloorWithdrawalAnswer(Guid SessionId, Guid DelegateId);

public static class WithdrawFloorRequestEndpoint
{
    /// <summary>Takes a waiting delegate off the queue: the delegate itself, or an organiser.</summary>
    public static Decision Decide(SessionState session, Guid delegateId, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsOrganiser && !actor.IsDelegate(delegateId)) return Problems.Forbidden("Only the delegate itself or an organiser may withdraw a request for the floor.");
        if (session.PositionOf(delegateId) is null) return Problems.NotFound($"Delegate {delegateId} is not waiting for the floor.");
        return Decision.Append(new FloorRequestWithdrawn(session.Id, delegateId, actor.Id, now));
    }

    [WolverineDelete("/api/sessions/{id}/speakers/{delegateId}", Name = "WithdrawFloorRequest"), Authorize]
    public static Task<IResult> Delete(Guid delegateId, [LockedStream("session", "id")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, delegateId, user.Actor(), clock.GetUtcNow()),
            (after, _) => new FloorWithdrawalAnswer(after.Id, delegateId));
}
