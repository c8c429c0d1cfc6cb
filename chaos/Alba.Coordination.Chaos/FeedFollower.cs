using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Chaos;

/// <summary>An update as docs/live.md describes it; <c>At</c> is its event's timestamp.</summary>
public sealed record FeedUpdate(string Group, string Kind, Guid StreamId, long Version, long Position, long PreviousPosition, DateTimeOffset At);

/// <summary>An update the client applied, and when it did (its clock): the harness times the live feed's failover by it.</summary>
public sealed record AppliedUpdate(FeedUpdate Update, DateTime At);

public sealed record FeedJoined(long Position, List<FeedUpdate> Updates, bool Complete);

/// <summary>
/// A live client following groups by docs/live.md's contract, over WebSockets straight to a node. When its connection
/// drops (the node was killed) it connects to the next node, as the proxy would send it, and catches up each group with
/// <c>Join(group, last)</c>; it applies every update once, in position order, and counts the copies it skipped.
/// </summary>
public sealed class FeedFollower(string name, IReadOnlyList<Node> nodes, int firstNode, IReadOnlyList<string> groups)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long?> _last = groups.ToDictionary(g => g, _ => (long?)null);
    private readonly List<AppliedUpdate> _applied = [];
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;
    public int Connections { get; private set; }
    public int SkippedCopies { get; private set; }
    public int Replayed { get; private set; }
    public List<string> NodesUsed { get; } = [];

    public IReadOnlyList<AppliedUpdate> Applied { get { lock (_gate) return [.. _applied]; } }

    /// <summary>Completes once the first connection has joined every group.</summary>
    public Task Joined => _joined.Task;

    public async Task Run(CancellationToken stop)
    {
        var index = firstNode;
        while (!stop.IsCancellationRequested)
        {
            var node = nodes[index % nodes.Count];
            var connection = new HubConnectionBuilder()
                .WithUrl(node.BaseUrl + "/hubs/live", o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                })
                .Build();
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            connection.On<FeedUpdate>("update", update => OnUpdate(connection, update));
            try
            {
                using var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop);
                connecting.CancelAfter(TimeSpan.FromSeconds(5));
                await connection.StartAsync(connecting.Token);
                foreach (var group in groups) await CatchUp(connection, group);
                lock (_gate)
                {
                    Connections++;
                    NodesUsed.Add(node.Name);
                }
                _joined.TrySetResult();
                await closed.Task.WaitAsync(stop);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // The node is down or went down while joining: try the next one.
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop).ContinueWith(_ => { });
            }
            catch (OperationCanceledException)
            {
                // the run is over
            }
            finally
            {
                await connection.DisposeAsync();
            }
            index++;
        }
    }

    private async Task CatchUp(HubConnection connection, string group)
    {
        FeedJoined joined;
        do
        {
            long? last;
            lock (_gate) last = _last[group];
            joined = await connection.InvokeAsync<FeedJoined>("Join", group, last);
            lock (_gate)
            {
                foreach (var update in joined.Updates)
                    if (Apply(update))
                        Replayed++;
                if (_last[group] is not { } current || joined.Position > current) _last[group] = joined.Position;
            }
        } while (!joined.Complete);
    }

    private void OnUpdate(HubConnection connection, FeedUpdate update)
    {
        bool gap;
        lock (_gate)
        {
            // Not joined yet: the Join answer covers it.
            if (_last[update.Group] is not { } last) return;
            gap = update.PreviousPosition > last;
            if (!gap) Apply(update);
        }
        // Never invoke the hub from inside a handler: its answer arrives on the loop the handler runs on.
        if (gap) _ = Task.Run(async () =>
        {
            try
            {
                await CatchUp(connection, update.Group);
            }
            catch (Exception)
            {
                // The connection dropped meanwhile: the next connection catches up.
            }
        });
    }

    private bool Apply(FeedUpdate update)
    {
        if (update.Position <= (_last[update.Group] ?? 0))
        {
            SkippedCopies++;
            return false;
        }
        _applied.Add(new AppliedUpdate(update, DateTime.UtcNow));
        _last[update.Group] = update.Position;
        return true;
    }
}
