using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public static class OpenRegistrationEndpoint
{
    /// <summary>Opening an open registration changes nothing; a closed one may be opened again.</summary>
    public static Decision Decide(AssemblyView assembly, Actor actor, DateTimeOffset now) =>
        assembly.Registration == RegistrationStatus.Open
            ? Decision.Nothing
            : Decision.Append(new RegistrationOpened(assembly.Id, actor.Id, now));

    [WolverinePost("/api/assemblies/{id}/registration/opening", Name = "OpenRegistration"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        AssemblyCommands.Handle(id, session, assembly => Decide(assembly, user.Actor(), clock.GetUtcNow()),
            RegistrationStatus.Open);
}
