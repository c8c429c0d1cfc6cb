using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Mobilisations;

public sealed record RegisterAction(string City, string Country, string Kind, DateTimeOffset StartsAt, Guid OrganisingMovementId);

public sealed record ActionCreated(Guid ActionId);

public static class RegisterActionEndpoint
{
    /// <summary>Calls are dated in local days; an action's UTC start may fall a day either side of them.</summary>
    public static readonly TimeSpan TimeZoneSlack = TimeSpan.FromDays(1);

    public static ProblemDetails Validate(RegisterAction command) => new Validation()
        .Required(command.City, "city", 100)
        .Country(command.Country)
        .Check(ActionKinds.All.Contains(command.Kind), "kind", $"'kind' must be one of {string.Join(", ", ActionKinds.All)}.")
        .Check(command.StartsAt != default, "startsAt", "'startsAt' is required.")
        .NotEmpty(command.OrganisingMovementId, "organisingMovementId")
        .ToProblem();

    /// <summary>Pure: the organising movement's representative (or an organiser) registers an action within the call's dates.</summary>
    public static Outcome<ActionRegistered> Decide(MobilisationView call, MovementView? organisingMovement, RegisterAction command, Guid actionId,
        Actor actor, DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(command.OrganisingMovementId))
            return Problems.Forbidden("Only the organising movement's representative, or an organiser, may register its action.");
        if (organisingMovement is null)
            return Problems.Invalid("organisingMovementId", $"No movement has id {command.OrganisingMovementId}.");
        var earliest = new DateTimeOffset(call.StartsOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - TimeZoneSlack;
        var latest = new DateTimeOffset(call.EndsOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + TimeZoneSlack;
        if (command.StartsAt < earliest || command.StartsAt >= latest)
            return Problems.Invalid("startsAt", $"The action must start within the call's dates, {call.StartsOn:yyyy-MM-dd} to {call.EndsOn:yyyy-MM-dd}.");
        return new ActionRegistered(actionId, call.Id, command.City.Trim(), command.Country, command.Kind, command.StartsAt.ToUniversalTime(),
            command.OrganisingMovementId, actor.Id, now);
    }

    [WolverinePost("/api/mobilisations/{id}/actions", Name = "RegisterAction"), Authorize]
    public static async Task<IResult> Post(Guid id, RegisterAction command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LoadAsync<MobilisationView>(id) is not { } call)
            return Results.Problem(Problems.NotFound($"No mobilisation call has id {id}."));
        var movement = await session.LoadAsync<MovementView>(command.OrganisingMovementId);
        var actionId = Guid.CreateVersion7();
        var outcome = Decide(call, movement, command, actionId, user.Actor(), clock.GetUtcNow());
        if (outcome.Refusal is { } refusal) return Results.Problem(refusal);
        session.Events.StartStream<ActionView>(actionId, outcome.Event!);
        return Results.Created($"/api/actions/{actionId}", new ActionCreated(actionId));
    }
}
