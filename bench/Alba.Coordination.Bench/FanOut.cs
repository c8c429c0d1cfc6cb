using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Bench;

/// <summary>
/// What a measuring client reads of each update it receives (the whole message is still parsed). Binding the payload as well
/// copied it per client and message, processor time the clients took from the app on the cores they share.
/// </summary>
public sealed record Update(string Kind, DateTimeOffset At);

/// <summary>
/// <paramref name="AppCpuSeconds"/> and <paramref name="ClientsCpuSeconds"/>: processor time the app and this process (the
/// clients) used from the first update to the last arrival, of <paramref name="Seconds"/> of wall time, to tell which side
/// bounds the latency on a shared machine.
/// </summary>
/// <paramref name="PushedMeanMs"/>: the app's own mean time from an update's commit to its handing to the hub for every
/// connection (its <c>alba_live_push_lag_seconds</c> histogram), the part of the latency that is not the sockets and the clients.
public sealed record FanOutResult(int Clients, int Updates, long Expected, long Received, double P50Ms, double P99Ms, double MemoryPerConnectionKb,
    double Seconds, double AppCpuSeconds, double ClientsCpuSeconds, double PushedMeanMs);

/// <summary>Many real WebSocket clients in one live group; commit → client latency and losses.</summary>
public static class FanOut
{
    public static async Task<FanOutResult> Run(AppProcess app, int clients, string group, string kind, int updates, double perSecond,
        Func<int, Task> makeChange)
    {
        await Task.Delay(TimeSpan.FromSeconds(2)); // let earlier work's pushes drain before the baseline
        var rssBefore = app.Memory().RssBytes;
        var latencies = new ConcurrentBag<double>();
        long received = 0;
        var connections = new List<HubConnection>();
        for (var batch = 0; batch < clients; batch += 50)
        {
            var started = await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, clients - batch)).Select(async _ =>
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(app.BaseUrl + "/hubs/live", o => o.Transports = HttpTransportType.WebSockets)
                    .Build();
                connection.On<Update>("update", update =>
                {
                    if (update.Kind != kind) return;
                    latencies.Add((DateTimeOffset.UtcNow - update.At).TotalMilliseconds);
                    Interlocked.Increment(ref received);
                });
                await connection.StartAsync();
                await connection.InvokeAsync("Join", group);
                return connection;
            }));
            connections.AddRange(started);
        }
        // The collector gives memory back at its own pace: the most the process held while the clients
        // were connected, against what it held before, bounds what the connections cost.
        long rssConnected = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rssConnected = Math.Max(rssConnected, app.Memory().RssBytes);
                await Task.Delay(100);
            }
        });

        using var appProcess = Process.GetProcessById(app.Pid);
        var appCpuBefore = appProcess.TotalProcessorTime;
        var clientsCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pushedBefore = await PushLag(app);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < updates; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            await makeChange(i);
        }
        var expected = (long)updates * clients;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Interlocked.Read(ref received) < expected && DateTime.UtcNow < deadline) await Task.Delay(100);
        var seconds = clock.Elapsed.TotalSeconds;
        appProcess.Refresh();
        var appCpu = (appProcess.TotalProcessorTime - appCpuBefore).TotalSeconds;
        var clientsCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientsCpuBefore).TotalSeconds;
        var pushedAfter = await PushLag(app);

        await sampling.CancelAsync();
        await sampler;
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return new FanOutResult(clients, updates, expected, Interlocked.Read(ref received), Latency.Percentile(latencies, 0.5), Latency.Percentile(latencies, 0.99),
            Math.Max(0, rssConnected - rssBefore) / 1024.0 / clients, seconds, appCpu, clientsCpu,
            1000 * (pushedAfter.Sum - pushedBefore.Sum) / Math.Max(1, pushedAfter.Count - pushedBefore.Count));
    }

    /// <summary>The sum and count of the app's push lag histogram, every kind together.</summary>
    private static async Task<(double Sum, double Count)> PushLag(AppProcess app)
    {
        var series = await app.MetricsAsync();
        double Total(string name) => series.Where(s => s.Name == name).Sum(s => s.Value);
        return (Total("alba_live_push_lag_seconds_sum"), Total("alba_live_push_lag_seconds_count"));
    }
}
