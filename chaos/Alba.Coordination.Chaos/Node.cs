using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Alba.Coordination.Chaos;

/// <summary>
/// One app node: the built app as its own process on a loopback port it keeps across restarts, so clients that lost it
/// can come back to the same address. <see cref="Kill"/> is kill -9 (SIGKILL): no shutdown code runs.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    private readonly string _appDll;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;

    public string Name { get; }
    public string BaseUrl { get; }
    public bool Running => _process is { HasExited: false };
    public int? Pid => Running ? _process!.Id : null;

    /// <summary>This process's node in Wolverine's tables, learnt when it became healthy (nodes of a run start one at a time).</summary>
    public Guid? WolverineNodeId { get; private set; }

    public Node(string name, string appDll, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        _appDll = appDll;
        _environment = environment;
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
    }

    /// <summary>Starts the process and answers how long it took until /health answered 200.</summary>
    public async Task<TimeSpan> Start(TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet", [_appDll, "--urls", BaseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(_appDll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Remember(line.Data);
        _process.ErrorDataReceived += (_, line) => Remember(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForHealth(timeout);
        var healthy = clock.Elapsed;
        WolverineNodeId = await Failover.NewestNode(_environment["ALBA_DB"]);
        return healthy;
    }

    /// <summary>The node's last lines of output, for the message when it fails to start.</summary>
    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40) _lastLines.Dequeue();
        }
    }

    private string LastLines()
    {
        lock (_lastLines) return string.Join(Environment.NewLine, _lastLines);
    }

    private async Task WaitForHealth(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting:{Environment.NewLine}{LastLines()}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} did not become healthy within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LastLines()}");
    }

    /// <summary>kill -9 by the node's process id.</summary>
    public async Task Kill()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => new(Kill());
}

/// <summary>Several nodes on one database with the same settings (docs/operations.md, "Several nodes").</summary>
public sealed class Cluster : IAsyncDisposable
{
    public IReadOnlyList<Node> Nodes { get; }

    public Cluster(int count, string appDll, IReadOnlyDictionary<string, string> environment) =>
        Nodes = [.. Enumerable.Range(1, count).Select(i => new Node($"node{i}", appDll, environment))];

    /// <summary>The environment every node of a cluster needs: one database, one Redis, one Data Protection key ring.</summary>
    public static Dictionary<string, string> Environment(string database, string redis, string keysDirectory, string organiserEmail, string organiserPassword) => new()
    {
        ["Alba__DataProtection__KeysDirectory"] = keysDirectory,
        ["ALBA_DB"] = database,
        ["ALBA_REDIS"] = redis,
        ["ALBA_ORGANISER_EMAIL"] = organiserEmail,
        ["ALBA_ORGANISER_PASSWORD"] = organiserPassword,
        ["Alba__Jwt__SigningKey"] = "a-signing-key-the-chaos-nodes-share-0123456789",
        ["Alba__Wolverine__Mode"] = "Balanced",
        ["Alba__Daemon__Mode"] = "Distributed",
        // Every client of a run comes from one loopback address: lift the per-address limits a real hall stays under.
        ["Alba__Login__RequestsPerMinutePerClient"] = "1000000",
        ["Alba__Live__NewConnectionsPerMinutePerAddress"] = "1000000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>
    /// Starts the nodes one after the other, each once the one before is healthy (the first creates the schema and the
    /// organiser); on a loaded machine, nodes started at the same moment were not healthy within 90 s.
    /// </summary>
    public async Task Start(TimeSpan timeoutEach)
    {
        foreach (var node in Nodes) await node.Start(timeoutEach);
    }

    public IReadOnlyList<Node> Running => [.. Nodes.Where(n => n.Running)];

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
