using Alba;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// A .NET client that follows one group by docs/live.md's client contract: it remembers the last position it applied,
/// skips an update at or below it, catches up with <c>Join(group, last)</c> after every connection and whenever an
/// update's <c>previousPosition</c> shows a gap, and applies each update once, in position order.
/// </summary>
public sealed class ResumableFollower(IAlbaHost host, string group) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<ReceivedUpdate> _applied = [];
    private HubConnection? _connection;
    private long? _last;

    public IReadOnlyList<ReceivedUpdate> Applied { get { lock (_gate) return [.. _applied]; } }
    public long? Last { get { lock (_gate) return _last; } }

    /// <summary>Every update received live, whether applied or skipped as already applied.</summary>
    public int ReceivedLive { get; private set; }

    public async Task Connect()
    {
        var server = host.Server;
        _connection = new HubConnectionBuilder()
            .WithUrl("http://localhost/hubs/live", o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
        _connection.On<ReceivedUpdate>("update", OnUpdate);
        await _connection.StartAsync();
        await CatchUp(_connection);
    }

    /// <summary>Drops the connection, as a lost network or a server restart would.</summary>
    public async Task Disconnect()
    {
        if (_connection is null) return;
        await _connection.DisposeAsync();
        _connection = null;
    }

    private async Task CatchUp(HubConnection connection)
    {
        Joined joined;
        do
        {
            joined = await connection.InvokeAsync<Joined>("Join", group, Last);
            lock (_gate)
            {
                foreach (var update in joined.Updates) Apply(update);
                if (_last is null || joined.Position > _last) _last = joined.Position;
            }
        } while (!joined.Complete);
    }

    private void OnUpdate(ReceivedUpdate update)
    {
        bool gap;
        lock (_gate)
        {
            ReceivedLive++;
            // Not caught up yet (the Join answer is on its way): that answer, or the catch-up a later gap starts, covers it.
            if (_last is null) return;
            gap = update.PreviousPosition > _last;
            if (!gap) Apply(update);
        }
        // Never invoke the hub from inside a handler: its answer arrives on the loop the handler runs on.
        if (gap && _connection is { } connection) _ = Task.Run(() => CatchUp(connection));
    }

    private void Apply(ReceivedUpdate update)
    {
        if (update.Position <= (_last ?? 0)) return;
        _applied.Add(update);
        _last = update.Position;
    }

    public async Task<ReceivedUpdate> WaitFor(Func<ReceivedUpdate, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Applied.FirstOrDefault(condition) is { } match) return match;
            await Task.Delay(25);
        }
        throw new TimeoutException($"No matching update was applied; applied: {string.Join(", ", Applied.Select(u => u.Kind))}");
    }

    public async Task<IReadOnlyList<ReceivedUpdate>> WaitForApplied(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && Applied.Count < count) await Task.Delay(25);
        return Applied;
    }

    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
