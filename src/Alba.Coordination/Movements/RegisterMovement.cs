namespace Alba.Coordination.Movements;

public sealed record RegisterMovement(string Name, string Country, string Region, string Sector);

public sealed record MovementCreated(Guid MovementId);

public static class RegisterMovementEndpoint
{
    public static ProblemDetails Validate(RegisterMovement command) => new Validation()
        .Name(command.Name, "name")
        .Country(command.Country)
        .Required(command.Region, "region", 100)
        .Required(command.Sector, "sector", 100)
        .ToProblem();

    public static async Task<ProblemDetails> Before(RegisterMovement command, IQuerySession session)
    {
        var key = command.Name.Trim().ToLowerInvariant();
        return await session.Query<MovementView>().AnyAsync(m => m.NameKey == key)
            ? Problems.Conflict($"A movement named '{command.Name.Trim()}' is already registered.")
            : Problems.Ok;
    }

    public static Decision Decide(RegisterMovement command, Guid movementId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new MovementRegistered(movementId, command.Name.Trim(), command.Country, command.Region.Trim(), command.Sector.Trim(),
            actor.Id, now));

    [WolverinePost("/api/movements", Name = "RegisterMovement"), Authorize(Roles = Roles.Organiser)]
    public static IResult Post(RegisterMovement command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        return session.Started<MovementState>(id, Decide(command, id, user.Actor(), clock.GetUtcNow()), $"/api/movements/{id}",
            new MovementCreated(id));
    }
}
