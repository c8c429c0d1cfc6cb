namespace Alba.Coordination.Delegates;

public sealed record ConveneAssembly(string Title, string City, string Country, DateOnly OpensOn, DateOnly ClosesOn,
    int Capacity, int DelegatesPerMovement);

public sealed record AssemblyCreated(Guid AssemblyId);

public static class ConveneAssemblyEndpoint
{
    public const int MaxCapacity = 100_000;

    public static ProblemDetails Validate(ConveneAssembly command) => new Validation()
        .Required(command.Title, "title")
        .Required(command.City, "city", 100)
        .Country(command.Country)
        .Check(command.OpensOn != default, "opensOn", "'opensOn' is required (a date such as 2026-11-28).")
        .Check(command.ClosesOn != default, "closesOn", "'closesOn' is required (a date such as 2026-11-30).")
        .Check(command.ClosesOn >= command.OpensOn, "closesOn", "'closesOn' cannot be before 'opensOn'.")
        .Check(command.Capacity is > 0 and <= MaxCapacity, "capacity", $"'capacity' must be between 1 and {MaxCapacity}.")
        .Check(command.DelegatesPerMovement > 0, "delegatesPerMovement", "'delegatesPerMovement' must be at least 1.")
        .Check(command.DelegatesPerMovement <= command.Capacity, "delegatesPerMovement", "'delegatesPerMovement' cannot exceed 'capacity'.")
        .ToProblem();

    public static Decision Decide(ConveneAssembly command, Guid assemblyId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new AssemblyConvened(assemblyId, command.Title.Trim(), command.City.Trim(), command.Country, command.OpensOn,
            command.ClosesOn, command.Capacity, command.DelegatesPerMovement, actor.Id, now));

    [WolverinePost("/api/assemblies", Name = "ConveneAssembly"), Authorize(Roles = Roles.Organiser)]
    public static IResult Post(ConveneAssembly command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var id = Guid.CreateVersion7();
        return session.Started<AssemblyState>(id, Decide(command, id, user.Actor(), clock.GetUtcNow()),
            $"/api/assemblies/{id}", new AssemblyCreated(id));
    }
}
