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
/// handles its events (fed in strict order by the <see cref="LiveFeed"/> subscription), chooses the
/// groups and builds one typed payload per kind; docs/live.md lists them (checked by a test).
/// </summary>
public interface ILivePublisher
{
    Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups);
}

/// <summary>
/// Gathers the pushes of the live feed's page and, once the page is handled, records them all in the
/// <see cref="LiveUpdateLog"/> and only then sends them: a client that joins with a position reads the log after joining
/// its group, so every update is either in what it reads or sent to it afterwards.
/// </summary>
public sealed class HubLivePublisher(IHubContext<LiveHub> hub, LiveUpdateLog log, ILogger<HubLivePublisher> logger) : ILivePublisher
{
    public Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups)
    {
        LivePage.Current.Add(source, payload, [.. groups.Distinct()]);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the page's updates (a failed write is tried again where it stands, <see cref="PushRetries.Delays"/>: every
    /// later page waits behind it) and sends them. The sends leave in position order without waiting for one another: the
    /// hub (or its Redis backplane) delivers each group's messages in the order they were handed to it.
    /// </summary>
    public async Task Publish(LivePage page, CancellationToken cancellationToken)
    {
        if (page.Pushes.Count == 0) return;
        var updates = await PushRetries.WhileTheDatabaseFails(() => log.Record(page.Pushes, cancellationToken), logger,
            "The live feed could not record its page", cancellationToken);
        await Task.WhenAll(updates.Select(update => hub.Clients.Group(update.Group).SendAsync(LiveHub.ClientMethod, update, cancellationToken)));
        foreach (var push in page.Pushes) AlbaMetrics.Pushed(push.Source);
    }
}
