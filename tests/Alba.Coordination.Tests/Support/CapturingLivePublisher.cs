using System.Collections.Concurrent;
using Alba.Coordination.Live;
using JasperFx.Events;

namespace Alba.Coordination.Tests.Support;

/// <summary>Records what push handlers send, as the hub would receive it (without the log, so no previous position).</summary>
public sealed class CapturingLivePublisher : ILivePublisher
{
    private readonly ConcurrentQueue<LiveUpdate> _updates = new();

    public IReadOnlyList<LiveUpdate> Updates => [.. _updates];

    public Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups)
    {
        foreach (var group in groups.Distinct()) _updates.Enqueue(LiveUpdate.Of(source, group, payload, previousPosition: 0));
        return Task.CompletedTask;
    }
}
