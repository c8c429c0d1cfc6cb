using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// The real app as its own process on a loopback port: what a browser or a second node needs
/// (real HTTP and WebSockets). Stopped by its own process id.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _connectionString;
    private readonly IDictionary<string, string>? _settings;
    private readonly int _port;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    /// <summary>The lines the app has written to standard output so far (its console log).</summary>
    public IReadOnlyList<string> Output => _output.ToList();

    private AppProcess(Process process, string connectionString, IDictionary<string, string>? settings, int port)
    {
        _process = process;
        _connectionString = connectionString;
        _settings = settings;
        _port = port;
    }

    public static Task<AppProcess> StartAsync(string connectionString, IDictionary<string, string>? settings = null) =>
        StartAsync(connectionString, settings, FreePort());

    /// <summary>
    /// Kills this process (SIGKILL: what it held in memory is lost, as in a crash) and starts the app again on the same
    /// database, settings and port, so a page that was open on it reconnects to the new process as to the old one.
    /// </summary>
    public async Task<AppProcess> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(_connectionString, _settings, _port);
    }

    private static async Task<AppProcess> StartAsync(string connectionString, IDictionary<string, string>? settings, int port)
    {
        var appDirectory = Path.Combine(RepositoryRoot(), "src", "Alba.Coordination");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alba.Coordination.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ALBA_DB"] = connectionString;
        start.Environment["ALBA_ORGANISER_EMAIL"] = AppFixture.OrganiserEmail;
        start.Environment["ALBA_ORGANISER_PASSWORD"] = AppFixture.OrganiserPassword;
        start.Environment["ASPNETCORE_WEBROOT"] = Path.Combine(appDirectory, "wwwroot");
        start.Environment["Alba__Login__RequestsPerMinutePerClient"] = "100000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var app = new AppProcess(process, connectionString, settings, port);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null) app._output.Enqueue(line.Data);
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitForHealthAsync();
        return app;
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The app did not become healthy in 90 seconds.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Alba.Coordination.sln"))) return directory.FullName;
        throw new InvalidOperationException("Alba.Coordination.sln not found above the test output.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
