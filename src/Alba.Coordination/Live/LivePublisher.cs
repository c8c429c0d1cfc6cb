using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

/// <summary>
/// The one message clients receive: a committed event, for a group, with its stream version, its position (the
/// event's global sequence number) and the position of the group's update before it, so a client can tell a gap.
/// <c>Data</c> is the typed push the event's handler built. docs/live.md states the client contract.
/// </summary>
public sealed record LiveUpdate(string Group, string Kind, Guid StreamId, long Version, long Position, long PreviousPosition,
    DateTimeOffset At, object Data)
{
    /// <summary>The kind is the event's type name ("FloorGiven"), as SPEC.md §6 names it.</summary>
    public static string KindOf(IEvent source) => source.Data.GetType().Name;

    public static LiveUpdate Of(IEvent source, string group, object payload, long previousPosition) =>
        new(group, KindOf(source), source.StreamId, source.Version, source.Sequence, previousPosition, source.Timestamp, payload);
}

/// <summary>
/// Where the push handlers send what a committed event becomes. Each capability's <c>*Pushes</c> class
/// handles its events (fed in strict order by the LiveFeed subscription, see HostSetup), chooses the
/// groups and builds one typed payload per kind; docs/live.md lists them (checked by a test).
/// </summary>
public interface ILivePublisher
{
    Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups);
}

/// <summary>
/// Records each update in the <see cref="LiveUpdateLog"/> and only then sends it: a client that joins with a position
/// reads the log after joining its group, so every update is either in what it reads or sent to it afterwards.
/// </summary>
public sealed class HubLivePublisher(IHubContext<LiveHub> hub, LiveUpdateLog log) : ILivePublisher
{
    public async Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups)
    {
        foreach (var update in await log.Record(source, payload, groups.Distinct().ToList(), cancellationToken))
            await hub.Clients.Group(update.Group).SendAsync(LiveHub.ClientMethod, update, cancellationToken);
        AlbaMetrics.Pushed(source);
    }
}
