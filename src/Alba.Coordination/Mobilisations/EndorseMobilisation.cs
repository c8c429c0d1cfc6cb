using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Mobilisations;

public sealed record EndorseMobilisation(Guid MovementId);

/// <summary>The call's endorsement count after the request; Repeated when the movement already backed it.</summary>
public sealed record EndorsementAnswer(Guid MobilisationId, Guid MovementId, int Endorsements, bool Repeated);

public static class EndorseMobilisationEndpoint
{
    public static ProblemDetails Validate(EndorseMobilisation command) => new Validation()
        .NotEmpty(command.MovementId, "movementId")
        .ToProblem();

    /// <summary>Pure: a movement's representative (or an organiser) endorses once; again, or as a convener, is a no-op.</summary>
    public static Outcome<MobilisationEndorsed> Decide(MobilisationView call, MovementView? movement, EndorseMobilisation command, Actor actor,
        DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(command.MovementId))
            return Problems.Forbidden("Only the movement's representative, or an organiser, may endorse a call for it.");
        if (movement is null) return Problems.Invalid("movementId", $"No movement has id {command.MovementId}.");
        if (call.IsBackedBy(command.MovementId)) return Outcome<MobilisationEndorsed>.Unchanged;
        return new MobilisationEndorsed(call.Id, command.MovementId, actor.Id, now);
    }

    /// <summary>
    /// Locks the call's stream for the transaction, so two requests of one movement cannot both see
    /// "not yet endorsed" (and endorsements of different movements queue instead of failing).
    /// </summary>
    [WolverinePost("/api/mobilisations/{id}/endorsements", Name = "EndorseMobilisation"), Authorize]
    public static async Task<IResult> Post(Guid id, EndorseMobilisation command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var stream = await session.Events.FetchForExclusiveWriting<MobilisationView>(id);
        if (stream.Aggregate is not { } call) return Results.Problem(Problems.NotFound($"No mobilisation call has id {id}."));
        var movement = await session.LoadAsync<MovementView>(command.MovementId);
        var outcome = Decide(call, movement, command, user.Actor(), clock.GetUtcNow());
        if (outcome.Refusal is { } refusal) return Results.Problem(refusal);
        if (outcome.Event is not { } endorsed) return Results.Ok(new EndorsementAnswer(id, command.MovementId, call.Endorsements, Repeated: true));
        stream.AppendOne(endorsed);
        return Results.Created($"/api/mobilisations/{id}", new EndorsementAnswer(id, command.MovementId, call.Endorsements + 1, Repeated: false));
    }
}
