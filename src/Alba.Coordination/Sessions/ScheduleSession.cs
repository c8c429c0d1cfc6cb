using Alba.Coordination.Delegates;

namespace Alba.Coordination.Sessions;

public sealed record AgendaItemInput(string Title);

public sealed record ScheduleSession(string Title, string Kind, DateTimeOffset ScheduledAt, AgendaItemInput[] Agenda);

public sealed record SessionCreated(Guid SessionId);

public static class ScheduleSessionEndpoint
{
    public const int MaxAgendaItems = 50;

    public static ProblemDetails Validate(ScheduleSession command)
    {
        var validation = new Validation()
            .Required(command.Title, "title")
            .Check(SessionKinds.All.Contains(command.Kind), "kind", $"'kind' must be one of: {string.Join(", ", SessionKinds.All)}.")
            .Check(command.ScheduledAt != default, "scheduledAt", "'scheduledAt' is required (ISO-8601 UTC).")
            .Check(command.Agenda is { Length: > 0 and <= MaxAgendaItems }, "agenda", $"'agenda' must have 1 to {MaxAgendaItems} items.");
        foreach (var (item, index) in (command.Agenda ?? []).Select((item, index) => (item, index)))
            validation.Required(item?.Title, $"agenda[{index}].title");
        return validation.ToProblem();
    }

    public static async Task<ProblemDetails> Before(Guid id, IQuerySession session) =>
        await session.LoadAsync<AssemblyView>(id) is null ? Problems.NotFound($"No assembly has id {id}.") : Problems.Ok;

    public static Decision Decide(ScheduleSession command, Guid assemblyId, Guid sessionId, Actor actor, DateTimeOffset now) =>
        Decision.Append(new SessionScheduled(sessionId, assemblyId, command.Title.Trim(), command.Kind, command.ScheduledAt.ToUniversalTime(),
            command.Agenda.Select(item => item.Title.Trim()).ToArray(), actor.Id, now));

    [WolverinePost("/api/assemblies/{id}/sessions", Name = "ScheduleSession"), Authorize(Roles = Roles.Organiser)]
    public static IResult Post(Guid id, ScheduleSession command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var sessionId = Guid.CreateVersion7();
        return session.Started<SessionState>(sessionId, Decide(command, id, sessionId, user.Actor(), clock.GetUtcNow()),
            $"/api/sessions/{sessionId}", new SessionCreated(sessionId));
    }
}
