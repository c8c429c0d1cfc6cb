namespace Alba.Coordination.Sessions;

public sealed record TakeAgendaItem(int Index);

public sealed record CurrentAgendaItem(Guid SessionId, int Index, string Title);

public static class TakeAgendaItemEndpoint
{
    public static ProblemDetails Validate(TakeAgendaItem command) => new Validation()
        .Check(command.Index >= 0, "index", "'index' must be 0 or more.")
        .ToProblem();

    /// <summary>Moves the open session to agenda item <c>index</c> (0-based); the current item again changes nothing.</summary>
    public static Decision Decide(SessionState session, TakeAgendaItem command, Actor actor, DateTimeOffset now)
    {
        if (command.Index >= session.Agenda.Length)
            return Problems.Invalid("index", $"The agenda has {session.Agenda.Length} items (index 0 to {session.Agenda.Length - 1}).");
        if (session.Status != SessionStatus.Open) return Problems.Conflict("The session is not open.");
        if (session.CurrentAgendaIndex == command.Index) return Decision.Nothing;
        return Decision.Append(new AgendaItemTaken(session.Id, session.AssemblyId, command.Index, session.Agenda[command.Index], actor.Id, now));
    }

    [WolverinePut("/api/sessions/{id}/agenda/current", Name = "TakeAgendaItem"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Put(TakeAgendaItem command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new CurrentAgendaItem(after.Id, after.CurrentAgendaIndex!.Value, after.Agenda[after.CurrentAgendaIndex.Value]));
}
