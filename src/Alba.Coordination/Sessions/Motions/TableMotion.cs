using System.Security.Claims;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Sessions;

public sealed record TableMotion(string Title, string Text);

public sealed record MotionCreated(Guid MotionId, Guid SessionId);

public static class TableMotionEndpoint
{
    public const int MaxTextLength = 20_000;

    public static ProblemDetails Validate(TableMotion command) => new Validation()
        .Required(command.Title, "title")
        .Required(command.Text, "text", MaxTextLength)
        .ToProblem();

    public static Decision Decide(SessionView session, DelegateView? mover, TableMotion command, Guid motionId, Actor actor, DateTimeOffset now)
    {
        var rights = MotionRights.MayPropose(actor, mover, session.AssemblyId);
        if (!Problems.IsOk(rights)) return rights;
        if (session.Status == SessionStatus.Adjourned) return Problems.Conflict("The session is adjourned.");
        return Decision.Append(new MotionTabled(motionId, session.Id, session.AssemblyId, command.Title.Trim(), command.Text.Trim(), actor.Id, now));
    }

    [WolverinePost("/api/sessions/{id}/motions", Name = "TableMotion"), Authorize]
    public static async Task<IResult> Post(Guid id, TableMotion command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        if (await session.LoadAsync<SessionView>(id) is not { } view) return SessionQueries.NotFound(id);
        var actor = user.Actor();
        var mover = actor.DelegateId is { } delegateId ? await session.LoadAsync<DelegateView>(delegateId) : null;
        var motionId = Guid.CreateVersion7();
        var decision = Decide(view, mover, command, motionId, actor, clock.GetUtcNow());
        if (!!decision.IsRefused) return Results.Problem(decision.Refusal);
        session.Events.StartStream<MotionView>(motionId, decision.Events.ToArray());
        return Results.Created($"/api/motions/{motionId}", new MotionCreated(motionId, id));
    }
}
