using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record TakeAgendaItem(int Index);

public sealed record CurrentAgendaItem(Guid SessionId, int Index, string Title);

public static class TakeAgendaItemEndpoint
{
    public static ProblemDetails Validate(TakeAgendaItem command) => new Validation()
        .Check(command.Index >= 0, "index", "'index' must be 0 or more.")
        .ToProblem();

    /// <summary>Moves the open session to agenda item <c>index</c> (0-based); the current item again changes nothing.</summary>
    public static Decision Decide(SessionView session, TakeAgendaItem command, Actor actor, DateTimeOffset now)
    {
        if (command.Index >= session.Agenda.Count)
            return Problems.Invalid("index", $"The agenda has {session.Agenda.Count} items (index 0 to {session.Agenda.Count - 1}).");
        if (session.Status != SessionStatus.Open) return Problems.Conflict("The session is not open.");
        if (session.CurrentAgendaIndex == command.Index) return Decision.Nothing;
        return Decision.Append(new AgendaItemTaken(session.Id, session.AssemblyId, command.Index, session.Agenda[command.Index], actor.Id, now));
    }

    [WolverinePut("/api/sessions/{id}/agenda/current", Name = "TakeAgendaItem"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Put(Guid id, TakeAgendaItem command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LockAsync<SessionView>(id) is not { } stream) return SessionQueries.NotFound(id);
        var view = stream.Aggregate!;
        return stream.AppendOrRefuse(Decide(view, command, user.Actor(), clock.GetUtcNow()),
            () => Results.Ok(new CurrentAgendaItem(id, command.Index, view.Agenda[command.Index])));
    }
}
