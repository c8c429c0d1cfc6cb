using Alba.Coordination.Delegates;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;

namespace Alba.Coordination.Sessions;

public sealed record AgendaItemDetails(int Index, string Title);

public sealed record QueuePlace(int Position, Guid DelegateId, DateTimeOffset RequestedAt, string? FullName, string? MovementName,
    bool PersonalDataErased = false)
{
    public static QueuePlace Of(int position, QueuedSpeaker request, SpeakerName? name) =>
        new(position, request.DelegateId, request.RequestedAt, name?.FullName, name?.MovementName, name?.PersonalDataErased ?? false);
}

public sealed record CurrentSpeakerDetails(Guid DelegateId, DateTimeOffset Since, string? FullName, string? MovementName,
    bool PersonalDataErased = false)
{
    public static CurrentSpeakerDetails Of(SpeakingTurn turn, SpeakerName? name) =>
        new(turn.DelegateId, turn.StartedAt, name?.FullName, name?.MovementName, name?.PersonalDataErased ?? false);
}

/// <summary>
/// How the hall knows a speaker: name and movement. Only for delegates who asked for the floor,
/// who speak in public; no other delegate's name is published. An erased person's name reads as the marker, flagged so pages
/// show it in their own language.
/// </summary>
public sealed record SpeakerName(string FullName, string MovementName, bool PersonalDataErased);

public sealed record TurnDetails(Guid DelegateId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double Seconds);

/// <summary>A delegate's finished turns in this session and their total length.</summary>
public sealed record SpeakingTime(Guid DelegateId, int Turns, double TotalSeconds);

public sealed record MotionSummary(Guid Id, string Title, int Revision, MotionStatus Status, VoteDetails? Vote)
{
    public static MotionSummary From(MotionView m, NamedBallots named) =>
        new(m.Id, m.Title, m.Revision, m.Status, m.Vote is null ? null : VoteDetails.From(m.Id, m.Vote, named));
}

public sealed record SessionDetails(Guid Id, Guid AssemblyId, string Title, string Kind, DateTimeOffset ScheduledAt, SessionStatus Status,
    IReadOnlyList<AgendaItemDetails> Agenda, AgendaItemDetails? CurrentAgendaItem, CurrentSpeakerDetails? CurrentSpeaker,
    IReadOnlyList<QueuePlace> Queue, IReadOnlyList<TurnDetails> Turns, IReadOnlyList<SpeakingTime> SpeakingTimes,
    IReadOnlyList<MotionSummary> Motions, int SpeakingTimeSeconds, string? Language, int Version)
{
    public static SessionDetails From(SessionView s, IEnumerable<MotionView> motions, NamedBallots named, IReadOnlyDictionary<Guid, SpeakerName> names) =>
        new(s.Id, s.AssemblyId, s.Title, s.Kind, s.ScheduledAt,
        s.Status, s.Agenda.Select((title, index) => new AgendaItemDetails(index, title)).ToList(),
        s.CurrentAgendaIndex is { } current ? new AgendaItemDetails(current, s.Agenda[current]) : null,
        s.CurrentSpeaker is { } speaker ? CurrentSpeakerDetails.Of(speaker, names.GetValueOrDefault(speaker.DelegateId)) : null,
        s.Queue.Select((q, index) => QueuePlace.Of(index + 1, q, names.GetValueOrDefault(q.DelegateId))).ToList(),
        s.Turns.Select(t => new TurnDetails(t.DelegateId, t.StartedAt, t.EndedAt!.Value, t.Seconds!.Value)).ToList(),
        TotalsPerSpeaker(s.Turns), motions.OrderBy(m => m.TabledAt).Select(m => MotionSummary.From(m, named)).ToList(), s.SpeakingTimeSeconds, s.Language,
        s.Version);

    /// <summary>Totals per delegate from the recorded turns, longest first.</summary>
    public static IReadOnlyList<SpeakingTime> TotalsPerSpeaker(IEnumerable<SpeakingTurn> turns) => turns
        .GroupBy(t => t.DelegateId)
        .Select(g => new SpeakingTime(g.Key, g.Count(), g.Sum(t => t.Seconds ?? 0)))
        .OrderByDescending(t => t.TotalSeconds).ThenBy(t => t.DelegateId)
        .ToList();
}

public sealed record SessionListItem(Guid Id, string Title, string Kind, DateTimeOffset ScheduledAt, SessionStatus Status, AgendaItemDetails? CurrentAgendaItem);

public static class SessionQueries
{
    public static IResult NotFound(Guid id) => Results.Problem(Problems.NotFound($"No session has id {id}."));

    [WolverineGet("/api/sessions/{id}", Name = "GetSession")]
    [LiveGroup("session:{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, PersonalVault vault)
    {
        if (await session.LoadAsync<SessionView>(id) is not { } view) return NotFound(id);
        var motions = await session.Query<MotionView>().Where(m => m.SessionId == id).ToListAsync();
        return Results.Ok(SessionDetails.From(view, motions, await NamedBallots.ReadAsync(session, motions, CancellationToken.None),
            await SpeakerNamesAsync(view, session, vault)));
    }

    private static async Task<IReadOnlyDictionary<Guid, SpeakerName>> SpeakerNamesAsync(SessionView view, IQuerySession session, PersonalVault vault)
    {
        var speakers = view.Queue.Select(q => q.DelegateId).Concat(view.CurrentSpeaker is { } current ? [current.DelegateId] : []).Distinct().ToArray();
        if (speakers.Length == 0) return new Dictionary<Guid, SpeakerName>();
        var people = await DelegatePeople.Read(session, vault, speakers);
        var delegates = await session.LoadManyAsync<DelegateView>(speakers);
        var movements = (await session.LoadManyAsync<MovementView>(delegates.Select(d => d.MovementId).Distinct()))
            .ToDictionary(m => m.Id, m => m.Name);
        var movementOf = delegates.ToDictionary(d => d.Id, d => movements.GetValueOrDefault(d.MovementId, ""));
        return people.ToDictionary(p => p.Key, p => new SpeakerName(p.Value.FullName, movementOf.GetValueOrDefault(p.Key, ""), p.Value.Erased));
    }

    [WolverineGet("/api/assemblies/{id}/sessions", Name = "ListSessions")]
    [LiveGroup("assembly:{id}")]
    public static async Task<IResult> List(Guid id, IQuerySession session)
    {
        if (await session.LoadAsync<AssemblyView>(id) is null) return Results.Problem(Problems.NotFound($"No assembly has id {id}."));
        var sessions = await session.Query<SessionView>().Where(s => s.AssemblyId == id).OrderBy(s => s.ScheduledAt).ToListAsync();
        return Results.Ok(sessions.Select(s => new SessionListItem(s.Id, s.Title, s.Kind, s.ScheduledAt, s.Status,
            s.CurrentAgendaIndex is { } current ? new AgendaItemDetails(current, s.Agenda[current]) : null)).ToList());
    }
}
