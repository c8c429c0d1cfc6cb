using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public static class CloseRegistrationEndpoint
{
    public static Decision Decide(AssemblyView assembly, Actor actor, DateTimeOffset now) => assembly.Registration switch
    {
        RegistrationStatus.NotOpened => Problems.Conflict("Registration for this assembly has not been opened yet."),
        RegistrationStatus.Closed => Decision.Nothing,
        _ => Decision.Append(new RegistrationClosed(assembly.Id, actor.Id, now)),
    };

    [WolverinePost("/api/assemblies/{id}/registration/closing", Name = "CloseRegistration"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        AssemblyCommands.Handle(id, session, assembly => Decide(assembly, user.Actor(), clock.GetUtcNow()),
            RegistrationStatus.Closed);
}
