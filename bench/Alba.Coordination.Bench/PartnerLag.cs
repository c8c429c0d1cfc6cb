using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alba.Coordination.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Alba.Coordination.Bench;

public sealed record PartnerLagResult(int Partners, int Events, long Expected, long Received, int Duplicates, int OutOfOrder, int BadSignatures,
    double P50, double P99)
{
    public bool AllOnceInOrder => Received == Expected && Duplicates == 0 && OutOfOrder == 0 && BadSignatures == 0;
}

/// <summary>
/// Partner delivery lag (issue 19): partners registered through the API, each with its own webhook receiver (a Kestrel
/// listener on a loopback port of its own, started here), and public events driven through the API (action reports of one
/// mobilisation). For each delivery the lag is the event's commit time (<c>at</c> in the body) to its arrival; every
/// partner must receive every event exactly once, in the order of positions, with a signature that verifies.
/// </summary>
public static class PartnerLag
{
    private sealed record Arrival(string Id, long Position, double LagMs, bool SignatureHolds);

    public static async Task<PartnerLagResult> Run(AppProcess app, Scenario scenario, int partners, int events, double perSecond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bounded: one port per partner, a handful of connections each, small bodies.
            kestrel.Limits.MaxConcurrentConnections = 4L * partners;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            for (var i = 0; i < partners; i++) kestrel.Listen(IPAddress.Loopback, 0);
        });
        await using var receiver = builder.Build();
        var arrivals = new ConcurrentDictionary<int, ConcurrentQueue<Arrival>>(); // receiver port → what arrived, in arrival order
        var secrets = new ConcurrentDictionary<int, string>();
        receiver.MapPost("/", async (HttpContext context) =>
        {
            var arrived = DateTimeOffset.UtcNow;
            var port = context.Connection.LocalPort;
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            using var json = JsonDocument.Parse(body);
            var id = context.Request.Headers["webhook-id"].ToString();
            var timestamp = long.Parse(context.Request.Headers["webhook-timestamp"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var signature = context.Request.Headers["webhook-signature"].ToString();
            var holds = secrets.TryGetValue(port, out var secret) && signature == WebhookSignature.Sign(secret, id, timestamp, body);
            var at = json.RootElement.GetProperty("at").GetDateTimeOffset();
            arrivals.GetOrAdd(port, _ => new()).Enqueue(new Arrival(id, json.RootElement.GetProperty("position").GetInt64(),
                (arrived - at).TotalMilliseconds, holds));
            return Results.NoContent();
        });
        await receiver.StartAsync();
        var ports = receiver.Urls.Select(url => new Uri(url).Port).ToList(); // the ports the system chose, once listening

        var organiser = scenario.OrganiserToken;
        foreach (var (port, i) in ports.Select((p, i) => (p, i)))
        {
            var created = await app.PostAsync("/api/partners", new
            {
                name = $"Bench partner {i}", url = $"http://127.0.0.1:{port}/", kinds = new[] { "ActionReported" },
                filter = new { mobilisationId = scenario.MobilisationId },
            }, organiser);
            secrets[port] = created!["secret"]!.GetValue<string>();
        }

        const string tag = "partners";
        await scenario.EnsureActions(events, tag);
        await Load.Paced("partner events", perSecond, events, i => scenario.Report(i, tag));
        var expected = (long)partners * events;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (arrivals.Values.Sum(a => a.Count) < expected && DateTime.UtcNow < deadline) await Task.Delay(200);
        await receiver.StopAsync();

        var all = arrivals.Values.SelectMany(a => a).ToList();
        var duplicates = arrivals.Values.Sum(a => a.Count - a.Select(x => x.Id).Distinct().Count());
        var outOfOrder = arrivals.Values.Sum(a => a.Zip(a.Skip(1)).Count(pair => pair.Second.Position <= pair.First.Position));
        return new PartnerLagResult(partners, events, expected, all.Count, duplicates, outOfOrder, all.Count(a => !a.SignatureHolds),
            Latency.Percentile(all.Select(a => a.LagMs), 0.50), Latency.Percentile(all.Select(a => a.LagMs), 0.99));
    }
}
