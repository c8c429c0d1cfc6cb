using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Bench;

/// <summary>
/// <paramref name="ProofCheckCpuMs"/>: for encrypted ballots, the processor time of checking one ballot's proofs with the app's
/// own code (<see cref="EncryptedBallot.Fault"/>, what the server runs for each ballot under the motion's lock), measured here.
/// <paramref name="Resent"/>: ballots answered 503 with Retry-After and sent again after it, as a device does (each at most
/// <see cref="VoteBurst.MaxResends"/> times); a ballot's latency runs from its first sending to its last answer.
/// <paramref name="AppCpuSeconds"/> and <paramref name="ClientCpuSeconds"/>: processor time of the app and of this process (the
/// voters' side) from the release to the last answer, to say which side a burst waits for.
/// </summary>
public sealed record VoteBurstResult(string Mode, int Sent, int Counted, int Refused, bool TallyMatches, double Seconds, double[] LatenciesMs,
    int ConnectionsOpenedDuringBurst, double? ProofCheckCpuMs, int Resent, double AppCpuSeconds, double ClientCpuSeconds)
{
    /// <summary>Ballot requests answered per second, from the release to the last answer.</summary>
    public double Throughput => Sent / Seconds;
    public double P50 => Latency.Percentile(LatenciesMs, 0.50);
    public double P99 => Latency.Percentile(LatenciesMs, 0.99);
}

/// <summary>
/// Eligible delegates each send three ballots at the same moment: exactly one per delegate must count, and the closing
/// tally must equal the choices of the accepted ones. Every ballot goes out on a connection of its own opened before the
/// release, so the latency is the app's, not a client connection cap's queue or TCP set-up; the connections opened during
/// the burst are counted to show it (0 expected). The voters are registered, checked in and signed in once; each burst is a
/// new motion of the same session, so bursts can alternate with baseline runs.
/// </summary>
public sealed class VoteBurst
{
    /// <summary>How often a ballot answered 503 is sent again, as the app's pages do (js/api.js).</summary>
    public const int MaxResends = 3;

    /// <summary>The longest wait for a Retry-After, as the app's pages cap it.</summary>
    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromSeconds(10);

    private static readonly string[] Choices = ["yes", "no", "abstain"];
    private readonly AppProcess _app;
    private readonly Scenario _scenario;
    private readonly IReadOnlyList<string> _voterTokens;

    private VoteBurst(AppProcess app, Scenario scenario, IReadOnlyList<string> voterTokens)
    {
        _app = app;
        _scenario = scenario;
        _voterTokens = voterTokens;
    }

    public int Voters => _voterTokens.Count;

    public static async Task<VoteBurst> PrepareAsync(AppProcess app, Scenario scenario, int delegates)
    {
        const string tag = "voters";
        await Load.Run("setup: voters", 8, delegates, i => scenario.Register(i, tag));
        var codes = await scenario.AccreditAll(tag);
        await Load.Run("setup: voters check in", 8, delegates, i => scenario.CheckIn(i, tag));
        var tokens = new ConcurrentBag<string>();
        await Load.Run("setup: voters sign in", 8, codes.Count, async i =>
            tokens.Add((await app.PostAsync("/api/auth/credential-login", new { credentialCode = codes[i] }, null))!["accessToken"]!.GetValue<string>()));
        return new VoteBurst(app, scenario, tokens.ToList());
    }

    /// <summary>
    /// One burst on a new motion. Plain: a named vote, each ballot <c>{choice}</c>. Encrypted: a secret vote, each ballot
    /// encrypted with its proofs before the release as the delegate's device does (the app's own <see cref="EncryptedBallot"/>,
    /// under the board's public key), closed with the tellers' shares.
    /// </summary>
    public async Task<VoteBurstResult> Run(bool encrypted, int ballotsEach)
    {
        var organiser = _scenario.OrganiserToken;
        var motion = (await _app.PostAsync($"/api/sessions/{_scenario.SessionId}/motions",
            new { title = "Burst motion", text = "Resolved." }, organiser))!["motionId"]!.GetValue<string>();
        var opened = await _app.PostAsync($"/api/motions/{motion}/vote", new { secret = encrypted, majority = "simple", quorum = 1 }, organiser);
        var shares = opened!["tellerShares"];

        var ballots = _voterTokens.SelectMany((token, v) => Enumerable.Range(0, ballotsEach).Select(b => (Token: token, Choice: Choices[(v + b) % Choices.Length])))
            .ToList();
        var (bodies, proofCheckCpuMs) = encrypted
            ? await EncryptAllAsync(motion, ballots.Select(b => b.Choice).ToList())
            : (ballots.Select(b => (object)new { choice = b.Choice }).ToList(), (double?)null);

        var connects = 0;
        var clients = await OpenConnections(_app, ballots.Count, () => Interlocked.Increment(ref connects));
        var connectsBeforeBurst = connects;
        var counted = new ConcurrentDictionary<string, int>(); // choice → ballots accepted
        var latencies = new double[ballots.Count];
        var refused = 0;
        var resent = 0;
        using var start = new ManualResetEventSlim(false);
        var sends = ballots.Select((ballot, i) => Task.Run(async () =>
        {
            HttpRequestMessage Ballot()
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/motions/{motion}/ballots") { Content = JsonContent.Create(bodies[i]) };
                request.Headers.Authorization = new("Bearer", ballot.Token);
                return request;
            }
            start.Wait();
            var sent = Stopwatch.GetTimestamp();
            var response = await clients[i].SendAsync(Ballot());
            // A busy motion answers 503 with Retry-After and records nothing: a device sends the ballot again after it.
            for (var resend = 0; resend < MaxResends && response is { StatusCode: HttpStatusCode.ServiceUnavailable, Headers.RetryAfter.Delta: { } wait }; resend++)
            {
                response.Dispose();
                Interlocked.Increment(ref resent);
                await Task.Delay(wait < LongestRetryWait ? wait : LongestRetryWait);
                response = await clients[i].SendAsync(Ballot());
            }
            using var answered = response;
            latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            if (response.IsSuccessStatusCode) counted.AddOrUpdate(ballot.Choice, 1, (_, n) => n + 1);
            else if (response.StatusCode == HttpStatusCode.Conflict) Interlocked.Increment(ref refused);
            else throw new InvalidOperationException($"ballot: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        })).ToList();
        using var appProcess = Process.GetProcessById(_app.Pid);
        var appCpuBefore = appProcess.TotalProcessorTime;
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        start.Set();
        await Task.WhenAll(sends);
        var seconds = clock.Elapsed.TotalSeconds;
        appProcess.Refresh();
        var appCpu = (appProcess.TotalProcessorTime - appCpuBefore).TotalSeconds;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds;
        var openedDuringBurst = connects - connectsBeforeBurst;
        foreach (var client in clients) client.Dispose();

        var result = await _app.PostAsync($"/api/motions/{motion}/vote/closing", new { shares }, organiser);
        var tallyMatches = result!["yes"]!.GetValue<int>() == counted.GetValueOrDefault("yes")
                           && result["no"]!.GetValue<int>() == counted.GetValueOrDefault("no")
                           && result["abstain"]!.GetValue<int>() == counted.GetValueOrDefault("abstain")
                           && result["cast"]!.GetValue<int>() == counted.Values.Sum();
        return new VoteBurstResult(encrypted ? "encrypted" : "plain", ballots.Count, counted.Values.Sum(), refused, tallyMatches, seconds, latencies,
            openedDuringBurst, proofCheckCpuMs, resent, appCpu, clientCpu);
    }

    /// <summary>
    /// Encrypts every ballot under the board's public key, on all cores, before the release (a device's work, not the server's);
    /// then checks the proofs of a few of them one after another, as the server does, for the processor time one check costs.
    /// </summary>
    private async Task<(List<object> Bodies, double? ProofCheckCpuMs)> EncryptAllAsync(string motion, IReadOnlyList<string> choices)
    {
        var board = await _app.GetAsync($"/api/motions/{motion}/board");
        var key = ElectionGroup.ParsePoint(board!["publicKey"]!.GetValue<string>()) ?? throw new InvalidOperationException("The board's key is not a point.");
        var motionId = Guid.Parse(motion);
        var encrypted = new EncryptedBallot[choices.Count];
        Parallel.For(0, choices.Count, i => encrypted[i] = EncryptedBallot.Encrypt(choices[i], key, motionId));
        var sample = encrypted.Take(20).ToArray();
        encrypted[^1].Fault(key, motionId); // compiles the checking code first, so its processor time is not counted below
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        if (sample.Any(ballot => ballot.Fault(key, motionId) is not null)) throw new InvalidOperationException("A ballot encrypted here does not verify.");
        var proofCheckCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / sample.Length;
        return (encrypted.Select(ballot => (object)new { ballot }).ToList(), proofCheckCpuMs);
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
        }) { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromSeconds(300) }).ToArray();
        await Load.Run("setup: open ballot connections", 16, count, async i => (await clients[i].GetAsync("/health")).EnsureSuccessStatusCode());
        return clients;
    }
}
