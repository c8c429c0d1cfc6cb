using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace Alba.Coordination.Bench;

public sealed record VoteBurstResult(int Sent, int Counted, int Refused, bool TallyMatches, double P50, double P99, int ConnectionsOpenedDuringBurst);

/// <summary>
/// Eligible delegates each send three ballots at the same moment: exactly one per delegate must count, and the closing
/// tally must equal the choices of the accepted ones. Every ballot goes out on a connection of its own opened before the
/// release, so the latency is the app's, not a client connection cap's queue or TCP set-up; the connections opened during
/// the burst are counted to show it (0 expected).
/// </summary>
public static class VoteBurst
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    public static async Task<VoteBurstResult> Run(AppProcess app, Scenario scenario, int delegates, int ballotsEach)
    {
        const string tag = "voters";
        await Load.Run("setup: voters", 8, delegates, i => scenario.Register(i, tag));
        var codes = await scenario.AccreditAll(tag);
        await Load.Run("setup: voters check in", 8, delegates, i => scenario.CheckIn(i, tag));
        var tokens = new ConcurrentBag<string>();
        await Load.Run("setup: voters sign in", 8, codes.Count, async i =>
            tokens.Add((await app.PostAsync("/api/auth/credential-login", new { credentialCode = codes[i] }, null))!["accessToken"]!.GetValue<string>()));

        var organiser = scenario.OrganiserToken;
        var motion = (await app.PostAsync($"/api/sessions/{scenario.SessionId}/motions",
            new { title = "Burst motion", text = "Resolved." }, organiser))!["motionId"]!.GetValue<string>();
        // A secret vote: every ballot is encrypted and proved (here by the server, from {choice}); the tellers' share closes it.
        var shares = (await app.PostAsync($"/api/motions/{motion}/vote", new { secret = true, majority = "simple", quorum = 1 }, organiser))!["tellerShares"]!;

        var voters = tokens.ToList();
        var connects = 0;
        var clients = await OpenConnections(app, voters.Count * ballotsEach, () => Interlocked.Increment(ref connects));
        var connectsBeforeBurst = connects;
        var counted = new ConcurrentDictionary<string, int>(); // choice → ballots accepted
        var latencies = new ConcurrentBag<double>();
        var refused = 0;
        using var start = new ManualResetEventSlim(false);
        var sends = voters.SelectMany((token, v) => Enumerable.Range(0, ballotsEach).Select(b => Task.Run(async () =>
        {
            var choice = Choices[(v + b) % Choices.Length];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/motions/{motion}/ballots") { Content = JsonContent.Create(new { choice }) };
            request.Headers.Authorization = new("Bearer", token);
            var client = clients[v * ballotsEach + b];
            start.Wait();
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            if (response.IsSuccessStatusCode) counted.AddOrUpdate(choice, 1, (_, n) => n + 1);
            else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref refused);
            else throw new InvalidOperationException($"ballot: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }))).ToList();
        start.Set();
        await Task.WhenAll(sends);
        var openedDuringBurst = connects - connectsBeforeBurst;
        foreach (var client in clients) client.Dispose();

        var result = await app.PostAsync($"/api/motions/{motion}/vote/closing", new { shares }, organiser);
        var tallyMatches = result!["yes"]!.GetValue<int>() == counted.GetValueOrDefault("yes")
                           && result["no"]!.GetValue<int>() == counted.GetValueOrDefault("no")
                           && result["abstain"]!.GetValue<int>() == counted.GetValueOrDefault("abstain")
                           && result["cast"]!.GetValue<int>() == counted.Values.Sum();
        var sorted = latencies.Order().ToArray();
        return new VoteBurstResult(sends.Count, counted.Values.Sum(), refused, tallyMatches,
            sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.99 * sorted.Length) - 1)], openedDuringBurst);
    }

    /// <summary>One client per request, each with one connection, opened now by a GET of the health check and kept in its pool.</summary>
    private static async Task<HttpClient[]> OpenConnections(AppProcess app, int count, Action connected)
    {
        var clients = Enumerable.Range(0, count).Select(_ => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectCallback = async (context, cancellation) =>
            {
                connected();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(120) }).ToArray();
        await Load.Run("setup: open ballot connections", 16, count, async i => (await clients[i].GetAsync("/health")).EnsureSuccessStatusCode());
        return clients;
    }
}
