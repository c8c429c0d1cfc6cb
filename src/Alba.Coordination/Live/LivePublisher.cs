using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

/// <summary>
/// The one message clients receive: a committed event, for a group, with its stream version and its
/// position (the event's global sequence number). <c>Data</c> is the typed push the event's handler built.
/// </summary>
public sealed record LiveUpdate(string Group, string Kind, Guid StreamId, long Version, long Position, DateTimeOffset At, object Data)
{
    /// <summary>The kind is the event's type name ("FloorGiven"), as SPEC.md §6 names it.</summary>
    public static LiveUpdate Of(IEvent source, string group, object payload) =>
        new(group, source.Data.GetType().Name, source.StreamId, source.Version, source.Sequence, source.Timestamp, payload);
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

public sealed class HubLivePublisher(IHubContext<LiveHub> hub) : ILivePublisher
{
    public async Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups)
    {
        foreach (var group in groups.Distinct())
            await hub.Clients.Group(group).SendAsync(LiveHub.ClientMethod, LiveUpdate.Of(source, group, payload), cancellationToken);
    }
}
