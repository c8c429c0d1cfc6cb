namespace Alba.Coordination.Delegates;

public static class CloseRegistrationEndpoint
{
    public static Decision Decide(AssemblyState assembly, Actor actor, DateTimeOffset now) => assembly.Registration switch
    {
        RegistrationStatus.NotOpened => Problems.Conflict("Registration for this assembly has not been opened yet."),
        RegistrationStatus.Closed => Decision.Nothing,
        _ => Decision.Append(new RegistrationClosed(assembly.Id, actor.Id, now)),
    };

    [WolverinePost("/api/assemblies/{id}/registration/closing", Name = "CloseRegistration"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post([LockedStream("assembly")] IEventStream<AssemblyState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, _) => new RegistrationWindow(after.Id, after.Registration));
}
