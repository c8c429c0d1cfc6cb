namespace Alba.Coordination.Sessions;

public sealed record AddAgendaItem(string Title);

public static class AddAgendaItemEndpoint
{
    public static ProblemDetails Validate(AddAgendaItem command) => new Validation().Required(command.Title, "title").ToProblem();

    /// <summary>
    /// The chair adds an item at the end of the agenda, before or during the session. Items are only ever appended, so every
    /// index already shown (and the current item) keeps its meaning.
    /// </summary>
    public static Decision Decide(SessionState session, AddAgendaItem command, Actor actor, DateTimeOffset now)
    {
        if (session.Status == SessionStatus.Adjourned) return Problems.Conflict("The session is adjourned.");
        if (session.Agenda.Length >= ScheduleSessionEndpoint.MaxAgendaItems)
            return Problems.Conflict($"The agenda already has {ScheduleSessionEndpoint.MaxAgendaItems} items, the most a session holds.");
        return Decision.Append(new AgendaItemAdded(session.Id, session.AssemblyId, session.Agenda.Length, command.Title.Trim(), actor.Id, now));
    }

    [WolverinePost("/api/sessions/{id}/agenda/items", Name = "AddAgendaItem"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(AddAgendaItem command, [LockedStream("session")] IEventStream<SessionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, _) => new AgendaItemDetails(after.Agenda.Length - 1, after.Agenda[^1]), createdAt: $"/api/sessions/{stream.Id}");
}
