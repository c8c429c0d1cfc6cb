namespace Alba.Coordination.Delegates;

/// <summary>The assembly's registration window after a command.</summary>
public sealed record RegistrationWindow(Guid AssemblyId, RegistrationStatus Registration);

public static class OpenRegistrationEndpoint
{
    /// <summary>Opening an open registration changes nothing; a closed one may be opened again.</summary>
    public static Decision Decide(AssemblyState assembly, Actor actor, DateTimeOffset now) =>
        assembly.Registration == RegistrationStatus.Open
            ? Decision.Nothing
            : Decision.Append(new RegistrationOpened(assembly.Id, actor.Id, now));

    /// <summary>Registrations take the same stream lock, so none is accepted across an opening or closing.</summary>
    [WolverinePost("/api/assemblies/{id}/registration/opening", Name = "OpenRegistration"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("assembly")] IEventStream<AssemblyState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, _) => new RegistrationWindow(after.Id, after.Registration));
}
