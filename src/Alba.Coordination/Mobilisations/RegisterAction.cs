using Alba.Coordination.Movements;

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
        .Time(command.StartsAt, "startsAt")
        .NotEmpty(command.OrganisingMovementId, "organisingMovementId")
        .ToProblem();

    /// <summary>The organising movement's representative (or an organiser) registers an action within the call's dates.</summary>
    public static Decision Decide(MobilisationState call, bool organisingMovementRegistered, RegisterAction command, Guid actionId, Actor actor,
        DateTimeOffset now)
    {
        if (!actor.MaySpeakFor(command.OrganisingMovementId))
            return Problems.Forbidden("Only the organising movement's representative, or an organiser, may register its action.");
        if (!organisingMovementRegistered)
            return Problems.Invalid("organisingMovementId", $"No movement has id {command.OrganisingMovementId}.");
        var earliest = new DateTimeOffset(call.StartsOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - TimeZoneSlack;
        var latest = new DateTimeOffset(call.EndsOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + TimeZoneSlack;
        if (command.StartsAt < earliest || command.StartsAt >= latest)
            return Problems.Invalid("startsAt", $"The action must start within the call's dates, {call.StartsOn:yyyy-MM-dd} to {call.EndsOn:yyyy-MM-dd}.");
        return Decision.Append(new ActionRegistered(actionId, call.Id, command.City.Trim(), command.Country, command.Kind,
            command.StartsAt.ToUniversalTime(), command.OrganisingMovementId, actor.Id, now));
    }

    /// <summary>
    /// The action gets a stream of its own; the call's stream is only locked (briefly, for this transaction), so the
    /// action is checked against the call as it stands when the action is added.
    /// </summary>
    [WolverinePost("/api/mobilisations/{id}/actions", Name = "RegisterAction"), Authorize]
    public static async Task<IResult> Post(RegisterAction command, [LockedStream("mobilisation call")] IEventStream<MobilisationState> call,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var organisingMovementRegistered = await session.LoadAsync<MovementView>(command.OrganisingMovementId) is not null;
        var actionId = Guid.CreateVersion7();
        return session.Started<ActionState>(actionId,
            Decide(call.Loaded(), organisingMovementRegistered, command, actionId, user.Actor(), clock.GetUtcNow()),
            $"/api/actions/{actionId}", new ActionCreated(actionId));
    }
}
