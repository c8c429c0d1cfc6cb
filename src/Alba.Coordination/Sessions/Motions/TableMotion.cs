using Alba.Coordination.Delegates;

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

    public static Decision Decide(SessionState session, DelegateView? mover, TableMotion command, Guid motionId, Actor actor, DateTimeOffset now)
    {
        var rights = MotionRights.MayPropose(actor, mover, session.AssemblyId);
        if (!Problems.IsOk(rights)) return rights;
        if (session.Status == SessionStatus.Adjourned) return Problems.Conflict("The session is adjourned.");
        return Decision.Append(new MotionTabled(motionId, session.Id, session.AssemblyId, command.Title.Trim(), command.Text.Trim(), actor.Id, now));
    }

    /// <summary>The motion gets a stream of its own; the session's is only locked, so no motion is tabled across an adjournment.</summary>
    [WolverinePost("/api/sessions/{id}/motions", Name = "TableMotion"), Authorize]
    public static async Task<IResult> Post(TableMotion command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var actor = user.Actor();
        var mover = actor.DelegateId is { } delegateId ? await session.LoadAsync<DelegateView>(delegateId) : null;
        var motionId = Guid.CreateVersion7();
        return session.Started<MotionState>(motionId, Decide(stream.Loaded(), mover, command, motionId, actor, clock.GetUtcNow()),
            $"/api/motions/{motionId}", new MotionCreated(motionId, stream.Id));
    }
}
