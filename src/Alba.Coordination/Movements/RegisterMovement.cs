using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

namespace Alba.Coordination.Movements;

public sealed record RegisterMovement(string Name, string Country, string Region, string Sector);

public sealed record MovementCreated(Guid MovementId) : CreationResponse($"/api/movements/{MovementId}");

public static class RegisterMovementEndpoint
{
    public static ProblemDetails Validate(RegisterMovement command) => new Validation()
        .Required(command.Name, "name")
        .Country(command.Country)
        .Required(command.Region, "region", 100)
        .Required(command.Sector, "sector", 100)
        .ToProblem();

    public static MovementRegistered Decide(RegisterMovement command, Guid movementId, Actor actor, DateTimeOffset now) =>
        new(movementId, command.Name.Trim(), command.Country, command.Region.Trim(), command.Sector.Trim(), actor.Id, now);

    public static async Task<ProblemDetails> Before(RegisterMovement command, IQuerySession session)
    {
        var key = command.Name.Trim().ToLowerInvariant();
        return await session.Query<MovementView>().AnyAsync(m => m.NameKey == key)
            ? Problems.Conflict($"A movement named '{command.Name.Trim()}' is already registered.")
            : Problems.Ok;
    }

    [WolverinePost("/api/movements", Name = "RegisterMovement"), Authorize(Roles = Roles.Organiser)]
    public static (MovementCreated, IStartStream) Post(RegisterMovement command, ClaimsPrincipal user, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        var registered = Decide(command, id, user.Actor(), clock.GetUtcNow());
        return (new MovementCreated(id), MartenOps.StartStream<MovementView>(id, registered));
    }
}
