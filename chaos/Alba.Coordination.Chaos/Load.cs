using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Alba.Coordination.Chaos;

public enum CommandKind { RegisterMovement, RegisterDelegate }

/// <summary>A command the app acknowledged (2xx): its unique name in the run, the stream it created, how many tries it took.</summary>
public sealed record Acknowledged(CommandKind Kind, string Name, Guid StreamId, int Attempts, DateTime Started, DateTime At);

/// <summary>A command that never got a 2xx: the last answer, and whether it was a refusal (4xx) or it ran out of time.</summary>
public sealed record Unacknowledged(CommandKind Kind, string Name, string LastAnswer);

/// <summary>
/// The mixed load: each client registers movements (a new stream each) and delegates on one hot assembly (one locked
/// stream), alternately, every command with its own Idempotency-Key. A network error, a timeout or a 5xx is retried with
/// the same key on the next node after a short growing pause, as a client behind a proxy would; only a 2xx counts.
/// </summary>
public sealed class Load(IReadOnlyList<Node> nodes, string runId, Guid hotAssembly, IReadOnlyList<Guid> movementsOfClients, TimeSpan giveUpAfter)
{
    private int _issued;

    public ConcurrentQueue<Acknowledged> Acknowledged { get; } = new();
    public ConcurrentQueue<Unacknowledged> Unacknowledged { get; } = new();
    public int Retries => _retries;
    private int _retries;

    public int Completed => Acknowledged.Count + Unacknowledged.Count;

    /// <summary>Runs <paramref name="commands"/> commands spread over one client per entry of <c>movementsOfClients</c>.</summary>
    public Task Run(int commands, IReadOnlyList<string> tokens) =>
        Task.WhenAll(movementsOfClients.Select((movement, client) => Task.Run(() => Client(client, movement, tokens[client], commands))));

    private async Task Client(int client, Guid movement, string token, int commands)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var node = client;
        while (Interlocked.Increment(ref _issued) is var n && n <= commands)
        {
            var kind = n % 2 == 0 ? CommandKind.RegisterMovement : CommandKind.RegisterDelegate;
            var name = $"chaos-{runId}-{n:D6}";
            var (path, body, idField) = kind == CommandKind.RegisterMovement
                ? ("/api/movements", (object)new { name, country = "AR", region = "chaos", sector = "chaos" }, "movementId")
                : ($"/api/assemblies/{hotAssembly}/registrations",
                    new { movementId = movement, fullName = $"Delegada {n}", email = $"{name}@chaos.example", country = "AR", languages = new[] { "es" }, role = "delegate" },
                    "delegateId");
            var key = Guid.NewGuid().ToString();
            var deadline = Stopwatch.StartNew();
            var started = DateTime.UtcNow;
            var lastAnswer = "";
            for (var attempt = 1; ; attempt++)
            {
                var target = nodes[node % nodes.Count];
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, target.BaseUrl + path) { Content = JsonContent.Create(body) };
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        var id = Guid.Parse(JsonNode.Parse(text)![idField]!.GetValue<string>());
                        Acknowledged.Enqueue(new Acknowledged(kind, name, id, attempt, started, DateTime.UtcNow));
                        break;
                    }
                    lastAnswer = $"{(int)response.StatusCode} {text}";
                    if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    {
                        Unacknowledged.Enqueue(new Unacknowledged(kind, name, lastAnswer));
                        break;
                    }
                }
                catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
                {
                    lastAnswer = failure.Message;
                }
                if (deadline.Elapsed > giveUpAfter)
                {
                    Unacknowledged.Enqueue(new Unacknowledged(kind, name, lastAnswer));
                    break;
                }
                Interlocked.Increment(ref _retries);
                node++;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)));
            }
        }
    }

    /// <summary>Sign-in of the organiser on a node; every client gets its own token.</summary>
    public static async Task<string> SignIn(Node node, string email, string password)
    {
        using var http = new HttpClient();
        var answer = await http.PostAsJsonAsync(node.BaseUrl + "/api/auth/login", new { email, password });
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in failed: {(int)answer.StatusCode} {text}");
        return JsonNode.Parse(text)!["accessToken"]!.GetValue<string>();
    }

    /// <summary>The hot assembly (open for registration, room for the whole run) and one movement per client.</summary>
    public static async Task<(Guid Assembly, List<Guid> Movements)> Prepare(Node node, string token, string runId, int clients)
    {
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var assembly = await Created(http, "/api/assemblies", new
        {
            title = $"Chaos {runId}", city = "Quito", country = "EC", opensOn = "2026-12-01", closesOn = "2026-12-03", capacity = 100_000,
            delegatesPerMovement = 100_000,
        }, "assemblyId");
        (await http.PostAsync($"/api/assemblies/{assembly}/registration/opening", null)).EnsureSuccessStatusCode();
        var movements = new List<Guid>();
        for (var client = 0; client < clients; client++)
            movements.Add(await Created(http, "/api/movements", new { name = $"chaos-{runId}-client-{client}", country = "EC", region = "chaos", sector = "chaos" },
                "movementId"));
        return (assembly, movements);
    }

    private static async Task<Guid> Created(HttpClient http, string path, object body, string idField)
    {
        var answer = await http.PostAsJsonAsync(path, body);
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)answer.StatusCode} {text}");
        return Guid.Parse(JsonNode.Parse(text)![idField]!.GetValue<string>());
    }
}
