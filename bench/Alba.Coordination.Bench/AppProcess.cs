using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alba.Coordination.Bench;

/// <summary>The app under test: the Release build as its own process on a loopback port.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    public const string OrganiserEmail = "bench-organiser@alba.example";
    public const string OrganiserPassword = "bench-organiser-password";

    private readonly Process _process;

    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;

    /// <summary>What the start cost: first request to a Wolverine endpoint right after /health answered, and resident memory once idle.</summary>
    public StartFigures Start { get; private set; } = new(0, 0, 0);

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<AppProcess> StartAsync(string repositoryRoot, string connectionString)
    {
        var appDirectory = Path.Combine(repositoryRoot, "src", "Alba.Coordination");
        var dll = Path.Combine(appDirectory, "bin", "Release", "net10.0", "Alba.Coordination.dll");
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ALBA_DB"] = connectionString;
        // The request pools log in as a role of their own, so the profile tells a command's statements from the background's.
        start.Environment["Alba__Database__User"] = DatabaseProfile.RequestRole;
        start.Environment["Alba__Database__Password"] = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Password;
        start.Environment["ALBA_ORGANISER_EMAIL"] = OrganiserEmail;
        start.Environment["ALBA_ORGANISER_PASSWORD"] = OrganiserPassword;
        // Every benchmark client comes from one loopback address: lift the per-address limits a real hall stays under.
        start.Environment["Alba__Login__RequestsPerMinutePerClient"] = "1000000";
        start.Environment["Alba__Login__CredentialBurstPerClient"] = "1000000";
        start.Environment["Alba__Login__CredentialRequestsPerMinutePerClient"] = "1000000";
        start.Environment["Alba__Live__NewConnectionsPerMinutePerAddress"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, url);
        var started = Stopwatch.StartNew();
        await app.WaitForHealthAsync();
        var healthyMs = started.Elapsed.TotalMilliseconds;
        // The first call of a Wolverine endpoint is where run-time code generation would show (Production loads it pre-generated).
        var first = Stopwatch.StartNew();
        (await app.Http.GetAsync("/api/movements")).EnsureSuccessStatusCode();
        var firstRequestMs = first.Elapsed.TotalMilliseconds;
        await Task.Delay(TimeSpan.FromSeconds(3));
        app.Start = new StartFigures(healthyMs, firstRequestMs, app.Memory().RssBytes);
        return app;
    }

    public async Task<string> OrganiserTokenAsync()
    {
        var answer = await PostAsync("/api/auth/login", new { email = OrganiserEmail, password = OrganiserPassword }, null);
        return answer!["accessToken"]!.GetValue<string>();
    }

    public async Task<JsonNode?> PostAsync(string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode?> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text);
    }

    /// <summary>The app's series from its <c>/metrics</c> (Prometheus text): name, labels (empty when none) and value.</summary>
    public async Task<IReadOnlyList<(string Name, string Labels, double Value)>> MetricsAsync() =>
        SeriesLine().Matches(await Http.GetStringAsync("/metrics"))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex(@"^([a-z_]+)(?:\{(.*)\})? ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();

    /// <summary>Resident and peak resident memory of the app process, from /proc.</summary>
    public (long RssBytes, long PeakRssBytes) Memory()
    {
        var status = File.ReadAllLines($"/proc/{Pid}/status");
        long Read(string key) => long.Parse(status.First(l => l.StartsWith(key)).Split(':')[1].Trim().Split(' ')[0]) * 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    private async Task WaitForHealthAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode}.");
            try
            {
                if ((await Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The app did not become healthy.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

public sealed record StartFigures(double HealthyAfterMs, double FirstRequestMs, long IdleRssBytes);
