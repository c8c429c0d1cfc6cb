using Alba.Coordination.Movements;

namespace Alba.Coordination.Mobilisations;

public sealed record EndorseMobilisation(Guid MovementId);

/// <summary>The call's endorsement count after the request; Repeated when the movement already backed it.</summary>
public sealed record EndorsementAnswer(Guid MobilisationId, Guid MovementId, int Endorsements, bool Repeated);

public static class EndorseMobilisationEndpoint
{
    public static ProblemDetails Validate(EndorseMobilisation command) => new Validation()
        .NotEmpty(command.MovementId, "movementId")
        .ToProblem();

    /// <summary>A movement's representative (or an organiser) endorses once; again, or as a convener, changes nothing.</summary>
    public static Decision Decide(MobilisationState call, bool movementRegistered, EndorseMobilisation command, Actor actor, DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(command.MovementId))
            return Problems.Forbidden("Only the movement's representative, or an organiser, may endorse a call for it.");
        if (!movementRegistered) return Problems.Invalid("movementId", $"No movement has id {command.MovementId}.");
        if (call.BackedBy.Contains(command.MovementId)) return Decision.Nothing;
        return Decision.Append(new MobilisationEndorsed(call.Id, command.MovementId, actor.Id, now));
    }

    /// <summary>
    /// The call's stream is locked for the transaction, so two requests of one movement cannot both see
    /// "not yet endorsed" (and endorsements of different movements queue instead of failing).
    /// </summary>
    [WolverinePost("/api/mobilisations/{id}/endorsements", Name = "EndorseMobilisation"), Authorize]
    public static async Task<IResult> Post(EndorseMobilisation command, [LockedStream("mobilisation call")] IEventStream<MobilisationState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var movementRegistered = await session.LoadAsync<MovementView>(command.MovementId) is not null;
        return await session.Decide(stream, call => Decide(call, movementRegistered, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new EndorsementAnswer(after.Id, command.MovementId, after.Endorsements, Repeated: !decision.Changes),
            createdAt: $"/api/mobilisations/{stream.Id}");
    }
}
