using System.Collections.Concurrent;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Wolverine;
using Wolverine.Marten.Subscriptions;
using Wolverine.Runtime;
using Wolverine.Runtime.Routing;

namespace Alba.Coordination.Live;

/// <summary>
/// The live feed: Marten's async daemon hands it committed events a page at a time, in sequence order, with recorded
/// progress; each event goes to its capability's <c>*Pushes</c> handler (Wolverine, inline, as
/// <c>ProcessEventsWithWolverineHandlersInStrictOrder</c> would), whose pushes are gathered for the page and then
/// recorded in one statement and sent (<see cref="HubLivePublisher.Publish"/>). Recording and sending once per page
/// instead of once per push is what lets the feed keep up with the commands (docs/operations.md, "The live feed's cost").
/// </summary>
/// <remarks>
/// The publisher is taken from the services at the first page, not in the constructor: the subscription is built with the
/// document store, which the publisher's update log needs.
/// </remarks>
public sealed class LiveFeed : BatchSubscription
{
    public const string Name = "LiveFeed";

    private readonly WolverineRuntime _runtime;
    private readonly IServiceProvider _services;
    private readonly ConcurrentDictionary<Type, IMessageInvoker?> _invokers = new();

    public LiveFeed(IWolverineRuntime runtime, IServiceProvider services) : base(Name)
    {
        _runtime = (WolverineRuntime)runtime;
        _services = services;
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus,
        CancellationToken cancellationToken)
    {
        var pushes = new LivePage();
        var logger = _services.GetRequiredService<ILogger<LiveFeed>>();
        using (LivePage.Gather(pushes))
        {
            foreach (var @event in page.Events)
            {
                if (InvokerFor(@event.GetType()) is not { } invoker) continue;
                try
                {
                    await pushes.Handle(@event,
                        () => invoker.InvokeAsync(@event, (MessageBus)bus, cancellationToken, options: new DeliveryOptions { TenantId = @event.TenantId }),
                        logger, cancellationToken);
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    // As Wolverine's strict-order subscription does with a handler that failed after its retries.
                    if (page.Agent.ErrorOptions.SkipApplyErrors)
                    {
                        await controller.RecordDeadLetterEventAsync(@event, failure);
                        continue;
                    }
                    await _services.GetRequiredService<HubLivePublisher>().Publish(pushes, cancellationToken);
                    await controller.ReportCriticalFailureAsync(failure, pushes.LastHandled ?? page.SequenceFloor);
                    return;
                }
            }
        }
        await _services.GetRequiredService<HubLivePublisher>().Publish(pushes, cancellationToken);
    }

    /// <summary>The handler of an event type, or none for events nothing pushes.</summary>
    private IMessageInvoker? InvokerFor(Type eventType) =>
        _invokers.GetOrAdd(eventType, type => _runtime.Handlers.HandlerFor(type) is null ? null : _runtime.FindInvoker(type));
}

/// <summary>
/// The pushes the handlers made for one page of the live feed, in the order they made them (sequence order). The feed
/// gathers them through <see cref="Gather"/>: the handlers run inside it and <see cref="HubLivePublisher.Push"/> adds to it.
/// </summary>
public sealed class LivePage
{
    private static readonly AsyncLocal<LivePage?> Gathering = new();

    public sealed record Push(IEvent Source, object Payload, IReadOnlyList<string> Groups);

    private readonly List<Push> _pushes = [];
    private readonly HashSet<(long Sequence, string Group)> _gathered = [];

    public IReadOnlyList<Push> Pushes => _pushes;

    /// <summary>The sequence of the last event whose handler finished.</summary>
    public long? LastHandled { get; private set; }

    /// <summary>The page the handlers running now push into.</summary>
    public static LivePage Current => Gathering.Value
        ?? throw new InvalidOperationException("Live pushes are made by the live feed's handlers, within a page (LiveFeed).");

    public static IDisposable Gather(LivePage page)
    {
        Gathering.Value = page;
        return new Ending();
    }

    /// <summary>
    /// Runs one event's push handler, again while the database fails it (<see cref="PushRetries"/>). A try that failed takes
    /// its pushes with it — a handler can push and then fail (offering the push to partners reads the database) — so the page
    /// keeps only what the try that succeeded pushed, and nothing of a handler that failed for good.
    /// </summary>
    public async Task Handle(IEvent @event, Func<Task> handler, ILogger logger, CancellationToken cancellationToken)
    {
        var before = _pushes.Count;
        try
        {
            await PushRetries.WhileTheDatabaseFails(async () =>
            {
                DiscardFrom(before);
                await handler();
                return true;
            }, logger, $"The push handler of event {@event.Sequence} failed", cancellationToken);
        }
        catch
        {
            DiscardFrom(before);
            throw;
        }
        LastHandled = @event.Sequence;
    }

    /// <summary>
    /// Gathers a push. The log holds one update per group and event, so a handler pushing twice to one group for one event
    /// is a fault of that handler, refused here rather than failing the whole page's insert on every retry.
    /// </summary>
    public void Add(IEvent source, object payload, IReadOnlyList<string> groups)
    {
        if (groups.FirstOrDefault(group => _gathered.Contains((source.Sequence, group))) is { } twice)
            throw new InvalidOperationException($"The push handler of {source.Data.GetType().Name} pushed to {twice} twice for event {source.Sequence}.");
        foreach (var group in groups) _gathered.Add((source.Sequence, group));
        _pushes.Add(new Push(source, payload, groups));
    }

    private void DiscardFrom(int count)
    {
        foreach (var push in _pushes.Skip(count))
        foreach (var group in push.Groups)
            _gathered.Remove((push.Source.Sequence, group));
        _pushes.RemoveRange(count, _pushes.Count - count);
    }

    private sealed class Ending : IDisposable
    {
        public void Dispose() => Gathering.Value = null;
    }
}
