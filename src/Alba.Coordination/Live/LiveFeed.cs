using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Wolverine.Marten.Subscriptions;
using Microsoft.AspNetCore.SignalR;
using Wolverine;

namespace Alba.Coordination.Live;

/// <summary>
/// Marten subscription run by the async daemon: it sees only committed events, in sequence
/// order, and records its progress, so pushes never run ahead of a commit and are not lost
/// after one. Each routed event becomes a <see cref="LiveUpdate"/> per group, handed to
/// Wolverine inline so a failure stops the page and the daemon retries it.
/// </summary>
public sealed class LiveFeedSubscription(LiveRoutes routes) : BatchSubscription("LiveFeed")
{
    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            foreach (var (group, payload) in routes.PushesFor(e.Data))
            {
                var update = new LiveUpdate(group, e.Data.GetType().Name, e.StreamId, e.Version, e.Timestamp, payload);
                await bus.InvokeAsync(update, cancellationToken);
            }
        }
    }
}

public static class LiveUpdateHandler
{
    public static Task Handle(LiveUpdate update, IHubContext<LiveHub> hub, CancellationToken cancellationToken) =>
        hub.Clients.Group(update.Group).SendAsync(LiveHub.ClientMethod, update, cancellationToken);
}
