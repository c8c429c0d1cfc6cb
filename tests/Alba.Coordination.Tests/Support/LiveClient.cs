using System.Collections.Concurrent;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Support;

public sealed record ReceivedUpdate(string Group, string Kind, Guid StreamId, long Version, long Position, long PreviousPosition, DateTimeOffset At,
    JsonElement Data);

/// <summary>What the hub's Join answers: the missed updates, the position the client stands at, and whether that is all.</summary>
public sealed record Joined(long Position, IReadOnlyList<ReceivedUpdate> Updates, bool Complete);

/// <summary>A SignalR client on the test server that records every update it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly ConcurrentQueue<ReceivedUpdate> _received = new();

    private LiveClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<ReceivedUpdate>("update", update => _received.Enqueue(update));
    }

    public IReadOnlyList<ReceivedUpdate> Received => _received.ToList();

    public static async Task<LiveClient> Connect(IAlbaHost host, string? token = null)
    {
        var server = host.Server;
        var url = "http://localhost/hubs/live" + (token is null ? "" : $"?access_token={token}");
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
        await connection.StartAsync();
        return new LiveClient(connection);
    }

    public Task Join(string group) => _connection.InvokeAsync("Join", group);

    public Task Leave(string group) => _connection.InvokeAsync("Leave", group);

    public Task<Joined> Join(string group, long? afterPosition) => _connection.InvokeAsync<Joined>("Join", group, afterPosition);

    /// <summary>Waits until an update matching the condition arrives; fails after the timeout.</summary>
    public async Task<ReceivedUpdate> WaitFor(Func<ReceivedUpdate, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var match = _received.FirstOrDefault(condition);
            if (match is not null) return match;
            await Task.Delay(20);
        }
        throw new TimeoutException($"No matching live update arrived; received: {string.Join(", ", _received.Select(u => u.Kind))}");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
