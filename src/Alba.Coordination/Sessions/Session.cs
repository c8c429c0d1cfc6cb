using System.Collections.Immutable;
using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Sessions;

public static class SessionKinds
{
    public const string Plenary = "plenary";
    public const string Commission = "commission";
    public static readonly string[] All = [Plenary, Commission];
}

// Events on a session's stream. Those the assembly's followers see in summary carry the assembly id.
public sealed record SessionScheduled(Guid SessionId, Guid AssemblyId, string Title, string Kind, DateTimeOffset ScheduledAt, string[] Agenda,
    Guid By, DateTimeOffset At);

public sealed record SessionOpened(Guid SessionId, Guid AssemblyId, Guid By, DateTimeOffset At);

public sealed record SessionAdjourned(Guid SessionId, Guid AssemblyId, Guid By, DateTimeOffset At);

public sealed record AgendaItemTaken(Guid SessionId, Guid AssemblyId, int Index, string Title, Guid By, DateTimeOffset At);

public sealed record FloorRequested(Guid SessionId, Guid DelegateId, Guid By, DateTimeOffset At);

public sealed record FloorRequestWithdrawn(Guid SessionId, Guid DelegateId, Guid By, DateTimeOffset At);

public sealed record FloorGiven(Guid SessionId, Guid DelegateId, Guid By, DateTimeOffset At);

public sealed record SpeakingTurnEnded(Guid SessionId, Guid DelegateId, Guid By, DateTimeOffset At);

/// <summary>The chair added an item at the end of the agenda, at <c>Index</c>.</summary>
public sealed record AgendaItemAdded(Guid SessionId, Guid AssemblyId, int Index, string Title, Guid By, DateTimeOffset At);

/// <summary>The chair's limit for one turn at the floor, shown to everyone as a countdown; 0 means no limit. Overruns are shown, not cut.</summary>
public sealed record SpeakingTimeSet(Guid SessionId, Guid AssemblyId, int Seconds, Guid By, DateTimeOffset At);

/// <summary>The language the hall's projector shows the session in (es, en, pt, fr).</summary>
public sealed record SessionLanguageSet(Guid SessionId, Guid AssemblyId, string Language, Guid By, DateTimeOffset At);

public enum SessionStatus { Scheduled, Open, Adjourned }

public sealed record QueuedSpeaker(Guid DelegateId, DateTimeOffset RequestedAt);

/// <summary>One turn at the floor, timed by the events that gave and ended it.</summary>
public sealed record SpeakingTurn(Guid DelegateId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public double? Seconds => EndedAt is { } ended ? (ended - StartedAt).TotalSeconds : null;

    public SpeakingTurn EndedBy(SpeakingTurnEnded e) => this with { EndedAt = e.At };
}

/// <summary>
/// What the chair's and the floor's commands decide on, folded live from the session's stream (never stored). The
/// agenda's titles are here because <see cref="AgendaItemTaken"/> carries the title; <c>LastTurn</c> answers the end of a
/// turn. Queue times, finished turns and speaking totals live only in <see cref="SessionView"/>. The speaking time and the
/// language are here so that setting them again to the same value records nothing.
/// </summary>
public sealed record SessionState(Guid Id, Guid AssemblyId, SessionStatus Status, ImmutableArray<string> Agenda, int? CurrentAgendaIndex,
    ImmutableList<Guid> Queue, SpeakingTurn? CurrentSpeaker, SpeakingTurn? LastTurn, int SpeakingTimeSeconds = 0, string? Language = null)
{
    public static SessionState Create(SessionScheduled e) =>
        new(e.SessionId, e.AssemblyId, SessionStatus.Scheduled, [.. e.Agenda], null, [], null, null);

    public SessionState Apply(AgendaItemAdded e) => this with { Agenda = Agenda.Add(e.Title) };

    public SessionState Apply(SpeakingTimeSet e) => this with { SpeakingTimeSeconds = e.Seconds };

    public SessionState Apply(SessionLanguageSet e) => this with { Language = e.Language };

    public SessionState Apply(SessionOpened _) => this with { Status = SessionStatus.Open };

    public SessionState Apply(SessionAdjourned _) => this with { Status = SessionStatus.Adjourned };

    public SessionState Apply(AgendaItemTaken e) => this with { CurrentAgendaIndex = e.Index };

    public SessionState Apply(FloorRequested e) => this with { Queue = Queue.Add(e.DelegateId) };

    public SessionState Apply(FloorRequestWithdrawn e) => this with { Queue = Queue.Remove(e.DelegateId) };

    public SessionState Apply(FloorGiven e) =>
        this with { Queue = Queue.Remove(e.DelegateId), CurrentSpeaker = new SpeakingTurn(e.DelegateId, e.At, null) };

    public SessionState Apply(SpeakingTurnEnded e) => this with { CurrentSpeaker = null, LastTurn = CurrentSpeaker?.EndedBy(e) ?? LastTurn };

    /// <summary>1-based place in the queue, or null when not waiting.</summary>
    public int? PositionOf(Guid delegateId) => Queue.IndexOf(delegateId) is var index and >= 0 ? index + 1 : null;
}

/// <summary>A session as readers see it (inline, so the answer to a command and the next read agree).</summary>
public sealed class SessionView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid AssemblyId { get; set; }
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset ScheduledAt { get; set; }
    public SessionStatus Status { get; set; }
    public List<string> Agenda { get; set; } = [];
    public int? CurrentAgendaIndex { get; set; }
    /// <summary>Waiting speakers, first come first served.</summary>
    public List<QueuedSpeaker> Queue { get; set; } = [];
    public SpeakingTurn? CurrentSpeaker { get; set; }
    /// <summary>Finished turns, oldest first.</summary>
    public List<SpeakingTurn> Turns { get; set; } = [];
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? AdjournedAt { get; set; }
    /// <summary>The limit of one turn in seconds; 0 when the chair set none.</summary>
    public int SpeakingTimeSeconds { get; set; }
    /// <summary>The projector's language; null until the chair chose one.</summary>
    public string? Language { get; set; }
    public int Version { get; set; }
}

public sealed partial class SessionViewProjection : SingleStreamProjection<SessionView, Guid>
{
    public static SessionView Create(SessionScheduled e) => new()
    {
        Id = e.SessionId, AssemblyId = e.AssemblyId, Title = e.Title, Kind = e.Kind, ScheduledAt = e.ScheduledAt,
        Status = SessionStatus.Scheduled, Agenda = [.. e.Agenda],
    };

    public static void Apply(SessionOpened e, SessionView view)
    {
        view.Status = SessionStatus.Open;
        view.OpenedAt ??= e.At;
        view.AdjournedAt = null;
    }

    public static void Apply(SessionAdjourned e, SessionView view)
    {
        view.Status = SessionStatus.Adjourned;
        view.AdjournedAt = e.At;
    }

    public static void Apply(AgendaItemTaken e, SessionView view) => view.CurrentAgendaIndex = e.Index;

    public static void Apply(AgendaItemAdded e, SessionView view) => view.Agenda.Add(e.Title);

    public static void Apply(SpeakingTimeSet e, SessionView view) => view.SpeakingTimeSeconds = e.Seconds;

    public static void Apply(SessionLanguageSet e, SessionView view) => view.Language = e.Language;

    public static void Apply(FloorRequested e, SessionView view) => view.Queue.Add(new QueuedSpeaker(e.DelegateId, e.At));

    public static void Apply(FloorRequestWithdrawn e, SessionView view) => view.Queue.RemoveAll(q => q.DelegateId == e.DelegateId);

    public static void Apply(FloorGiven e, SessionView view)
    {
        view.Queue.RemoveAll(q => q.DelegateId == e.DelegateId);
        view.CurrentSpeaker = new SpeakingTurn(e.DelegateId, e.At, null);
    }

    public static void Apply(SpeakingTurnEnded e, SessionView view)
    {
        if (view.CurrentSpeaker is { } turn) view.Turns.Add(turn.EndedBy(e));
        view.CurrentSpeaker = null;
    }
}
