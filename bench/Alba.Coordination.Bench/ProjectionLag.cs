using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Bench;

/// <summary><paramref name="Observed"/> pushes seen of <paramref name="Sent"/> registrations; the percentiles are over those seen.</summary>
public sealed record LagResult(int Sent, int Observed, double P50, double P99);

/// <summary>
/// How far the async daemon runs behind the commits under steady load: registrations at a fixed
/// rate, and for each committed event the time until its push reaches a client in the assembly group.
/// </summary>
public static class ProjectionLag
{
    public static async Task<LagResult> Run(AppProcess app, Scenario scenario, double perSecond, int operations)
    {
        var lags = new ConcurrentBag<double>();
        await using var client = new HubConnectionBuilder()
            .WithUrl(app.BaseUrl + "/hubs/live", o => o.Transports = HttpTransportType.WebSockets).Build();
        client.On<Update>("update", update =>
        {
            if (update.Kind == "DelegateRegistered") lags.Add((DateTimeOffset.UtcNow - update.At).TotalMilliseconds);
        });
        await client.StartAsync();
        await client.InvokeAsync("Join", $"assembly:{scenario.AssemblyId}");
        await Load.Paced("lag", perSecond, operations, i => scenario.Register(i, "lag"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (lags.Count < operations && DateTime.UtcNow < deadline) await Task.Delay(100);
        return new LagResult(operations, lags.Count, Latency.Percentile(lags, 0.50), Latency.Percentile(lags, 0.99));
    }
}
