using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record SessionStatusChanged(Guid SessionId, string Status);

public static class OpenSessionEndpoint
{
    /// <summary>Opens a scheduled session, or resumes an adjourned one.</summary>
    public static Decision Decide(SessionView session, Actor actor, DateTimeOffset now) =>
        session.Status == SessionStatus.Open
            ? Problems.Conflict("The session is already open.")
            : Decision.Append(new SessionOpened(session.Id, session.AssemblyId, actor.Id, now));

    [WolverinePost("/api/sessions/{id}/opening", Name = "OpenSession"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        return stream.AppendOrRefuse(Decide(stream.Aggregate!, user.Actor(), clock.GetUtcNow()),
            () => Results.Ok(new SessionStatusChanged(id, "open")));
    }
}
