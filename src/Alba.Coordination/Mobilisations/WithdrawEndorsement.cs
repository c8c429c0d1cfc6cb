namespace Alba.Coordination.Mobilisations;

/// <summary>The call's endorsement count after the withdrawal.</summary>
public sealed record EndorsementWithdrawalAnswer(Guid MobilisationId, Guid MovementId, int Endorsements);

public static class WithdrawEndorsementEndpoint
{
    /// <summary>
    /// Any movement backing the call, an endorser or a convener, may stop backing it: its own representative or an
    /// organiser withdraws for it. A movement that does not back the call has nothing to withdraw.
    /// </summary>
    public static Decision Decide(MobilisationState call, Guid movementId, Actor actor, DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(movementId))
            return Problems.Forbidden("Only the movement's representative, or an organiser, may withdraw its endorsement of a call.");
        if (!call.BackedBy.Contains(movementId)) return Problems.NotFound($"Movement {movementId} does not back this call.");
        return Decision.Append(new MobilisationEndorsementWithdrawn(call.Id, movementId, actor.Id, now));
    }

    [WolverineDelete("/api/mobilisations/{id}/endorsements/{movementId}", Name = "WithdrawEndorsement"), Authorize]
    public static Task<IResult> Delete(Guid movementId, [LockedStream("mobilisation call", "id")] IEventStream<MobilisationState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, call => Decide(call, movementId, user.Actor(), clock.GetUtcNow()),
            (after, _) => new EndorsementWithdrawalAnswer(after.Id, movementId, after.Endorsements));
}
