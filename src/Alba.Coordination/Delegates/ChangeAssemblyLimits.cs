namespace Alba.Coordination.Delegates;

public sealed record ChangeAssemblyLimits(int Capacity, int DelegatesPerMovement);

public sealed record AssemblyLimits(Guid AssemblyId, int Capacity, int DelegatesPerMovement);

/// <summary>The places given away so far: all of them, and those of the largest movement delegation (role delegate).</summary>
public sealed record PlacesGiven(int Total, int LargestDelegation);

public static class ChangeAssemblyLimitsEndpoint
{
    public static ProblemDetails Validate(ChangeAssemblyLimits command) => new Validation()
        .Check(command.Capacity is > 0 and <= ConveneAssemblyEndpoint.MaxCapacity, "capacity", $"'capacity' must be between 1 and {ConveneAssemblyEndpoint.MaxCapacity}.")
        .Check(command.DelegatesPerMovement > 0, "delegatesPerMovement", "'delegatesPerMovement' must be at least 1.")
        .Check(command.DelegatesPerMovement <= command.Capacity, "delegatesPerMovement", "'delegatesPerMovement' cannot exceed 'capacity'.")
        .ToProblem();

    /// <summary>Limits may grow freely; they may shrink only down to the places already given, so nobody registered loses a place.</summary>
    public static Decision Decide(AssemblyState assembly, PlacesGiven given, ChangeAssemblyLimits command, Actor actor, DateTimeOffset now)
    {
        if (assembly.Capacity == command.Capacity && assembly.DelegatesPerMovement == command.DelegatesPerMovement) return Decision.Nothing;
        if (command.Capacity < given.Total)
            return Problems.Conflict($"{given.Total} places are already taken; the capacity cannot be less.");
        if (command.DelegatesPerMovement < given.LargestDelegation)
            return Problems.Conflict($"A movement already has {given.LargestDelegation} delegates; the quota cannot be less.");
        return Decision.Append(new AssemblyLimitsChanged(assembly.Id, command.Capacity, command.DelegatesPerMovement, actor.Id, now));
    }

    /// <summary>Takes the assembly's lock like registrations, so the places counted here cannot grow before the change commits.</summary>
    [WolverinePut("/api/assemblies/{id}/limits", Name = "ChangeAssemblyLimits"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Put(ChangeAssemblyLimits command, [LockedStream("assembly")] IEventStream<AssemblyState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var given = await Places.Given(session, stream.Id);
        return await session.Decide(stream, state => Decide(state, given, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new AssemblyLimits(after.Id, after.Capacity, after.DelegatesPerMovement));
    }
}
