using System.Diagnostics;
using System.Globalization;

namespace Alba.Coordination.Bench;

/// <summary>
/// Where one command's time goes (<c>bench … probe [operations] [clients]</c>, one client by default): for each command, one
/// after another, the client's latency beside the server's own account of the same requests — Kestrel's request duration and the group commit's
/// phases from the app's <c>/metrics</c>, the processor time the app and this client used, and PostgreSQL's statement time
/// (the command's own and the background's, by role). What the client saw minus what Kestrel measured is the client and the
/// loopback; Kestrel's time minus the group commit's is authentication, binding and the endpoint; the group commit's minus
/// the statements' is waiting (a queue, a wake-up, a thread) or the app's processor. With several clients, the processor
/// time of the app, the clients and PostgreSQL per command, and how busy the machine's cores were, tell whether the cores
/// bound the throughput.
/// </summary>
public static class Probe
{
    public static async Task<int> Run(string root, string connectionString, int operations, int clients)
    {
        await using var baselines = new Baselines(connectionString);
        await baselines.PrepareAsync();
        await DatabaseProfile.EnsureRequestRoleAsync(connectionString);
        await using var app = await AppProcess.StartAsync(root, connectionString);
        Console.WriteLine($"app process {app.Pid}");
        // One signature per movement and statement round: as many movements as signatures, up to the benchmark's 100.
        var scenario = await Scenario.PrepareAsync(app, movements: Math.Clamp(operations, 20, 100));
        await Load.Run("warm-up", 1, 200, baselines.AppendOneEvent);
        await Load.Run("warm-up", 1, 40, i => scenario.Register(i, "warm"));
        await scenario.AccreditAll("warm");
        await Load.Run("warm-up", 1, 40, i => scenario.CheckIn(i, "warm"));
        await scenario.EnsureActions(operations, "probe");
        var profile = new DatabaseProfile(connectionString);

        var idle = await Snapshot.TakeAsync(app);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idleAfter = await Snapshot.TakeAsync(app);
        Console.WriteLine($"app idle: {(idleAfter.AppCpuMs - idle.AppCpuMs) / 10:0.0} ms of processor time per second");
        var rawBefore = await Snapshot.TakeAsync(app);
        var raw = await Load.Run("raw Marten append", clients, operations, baselines.AppendOneEvent);
        var rawAfter = await Snapshot.TakeAsync(app);
        Console.WriteLine($"raw Marten append, {clients} writer(s): {raw.Throughput:0}/s, p50 {raw.P50:0.00} ms, mean {raw.LatenciesMs.Average():0.00} ms, "
            + $"{(rawAfter.ClientCpuMs - rawBefore.ClientCpuMs) / operations:0.00} ms of this process's processor time per append");
        Console.WriteLine($"  {Machine(rawBefore, rawAfter, operations)}");
        (string Name, string Route, string? GroupCommitted, Func<int, Task> Operation)[] commands =
        [
            ("registration", "/api/assemblies/{id}/registrations", "Registration", i => scenario.Register(i, "probe")),
            // The delegates just registered, accredited first (a check-in of a delegate not accredited is refused).
            ("check-in", "/api/delegates/{id}/check-ins", null, i => scenario.CheckIn(i, "probe")),
            ("signature", "/api/statements/{id}/signatures", "Signing", i => scenario.Sign(i, "probe")),
            ("action report", "/api/actions/{id}/reports", null, i => scenario.Report(i, "probe")),
        ];
        foreach (var (name, route, groupCommitted, operation) in commands)
        {
            if (name == "check-in") await scenario.AccreditAll("probe");
            var count = name == "signature" ? Math.Min(operations, scenario.MovementCount) : operations;
            if (name == "signature") await scenario.EnsureStatements(count, "probe");
            await profile.ResetAsync();
            await using var trace = await StackTrace.StartAsync(root, app.Pid, name);
            var before = await Snapshot.TakeAsync(app);
            var load = await Load.Run(name, clients, count, operation);
            var after = await Snapshot.TakeAsync(app);
            var database = await profile.ReadAsync(count);
            double PerCommand(Func<Snapshot, double> figure) => (figure(after) - figure(before)) / count;
            var server = PerCommand(s => s.Sum("http_server_request_duration_seconds_sum", route)) * 1000;
            Console.WriteLine($"{name}: {count} at {clients} client(s), {load.Throughput:0}/s, client p50 {load.P50:0.00} ms, mean {load.LatenciesMs.Average():0.00} ms");
            Console.WriteLine($"  Kestrel's request duration (mean)           {server:0.00} ms");
            if (groupCommitted is not null)
                foreach (var phase in new[] { "queued", "open", "decide", "commit" })
                    Console.WriteLine($"  group commit, {phase,-6} (mean per command)    {PerCommand(s => s.Sum("alba_group_commit_phase_seconds_sum", $"alba_phase=\"{phase}\"", $"alba_command=\"{groupCommitted}\"")) * 1000:0.00} ms");
            if (groupCommitted is not null)
                Console.WriteLine($"  group commit, commands per batch (mean)     {1 / PerCommand(s => s.Sum("alba_group_commit_batch_count", $"alba_command=\"{groupCommitted}\"")):0.0}");
            Console.WriteLine($"  PostgreSQL, the command's own statements    {database.Own.DatabaseMs:0.00} ms ({database.Own.Statements:0.0} statements, {database.Own.CheckOuts:0.0} check-outs, {database.Own.ResetStatements:0.0} reset statements)");
            Console.WriteLine($"  PostgreSQL, background statements           {database.Background.DatabaseMs:0.00} ms ({database.Background.Statements:0.0} statements, {database.Background.CheckOuts:0.0} check-outs, {database.Background.ResetStatements:0.0} reset statements)");
            Console.WriteLine($"  app processor time per command              {PerCommand(s => s.AppCpuMs):0.00} ms");
            Console.WriteLine($"  client processor time per command           {PerCommand(s => s.ClientCpuMs):0.00} ms");
            Console.WriteLine($"  {Machine(before, after, count)}");
            foreach (var statement in database.Background.Top)
                Console.WriteLine($"    background: {statement.Calls / (double)count:0.0}× {statement.TotalMs / count:0.00} ms  {statement.Query}");
        }
        return 0;
    }

    /// <summary>
    /// With <c>ALBA_PROBE_TRACE</c> naming a folder, the app's thread stacks sampled by <c>dotnet-trace</c> (the tool of
    /// bench/dotnet-tools.json, profile dotnet-sampled-thread-time) while one command runs, into &lt;folder&gt;/&lt;command&gt;.nettrace.
    /// </summary>
    private sealed class StackTrace(Process? tracer) : IAsyncDisposable
    {
        public static async Task<StackTrace> StartAsync(string root, int pid, string name)
        {
            if (Environment.GetEnvironmentVariable("ALBA_PROBE_TRACE") is not { Length: > 0 } folder) return new StackTrace(null);
            var output = Path.Combine(folder, name.Replace(' ', '-') + ".nettrace");
            var tracer = Process.Start(new ProcessStartInfo("dotnet",
                ["dotnet-trace", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "-o", output])
            {
                WorkingDirectory = Path.Combine(root, "bench"), RedirectStandardOutput = true, RedirectStandardInput = true,
            })!;
            // Attached once it says so; its session starts with the next samples.
            while (await tracer.StandardOutput.ReadLineAsync() is { } line && !line.Contains("Process", StringComparison.Ordinal)) { }
            await Task.Delay(TimeSpan.FromSeconds(1));
            return new StackTrace(tracer);
        }

        public async ValueTask DisposeAsync()
        {
            if (tracer is null) return;
            // The tool ends its session and writes the file on Enter.
            await tracer.StandardInput.WriteLineAsync();
            await tracer.WaitForExitAsync();
            tracer.Dispose();
        }
    }

    /// <summary>Processor time per operation of PostgreSQL's processes, and how busy the machine's cores were, between two snapshots.</summary>
    private static string Machine(Snapshot before, Snapshot after, int operations)
    {
        var busy = (after.MachineBusyMs - before.MachineBusyMs) / (after.MachineTotalMs - before.MachineTotalMs);
        return $"PostgreSQL's processes {(after.PostgresCpuMs - before.PostgresCpuMs) / operations:0.00} ms of processor time per operation; "
            + $"the machine's {Environment.ProcessorCount} cores {busy:P0} busy over {(after.At - before.At).TotalSeconds:0.0} s";
    }

    /// <summary>
    /// The app's series from <c>/metrics</c>, the processor time of the app, this process and PostgreSQL's processes (every
    /// process on the machine named postgres: the server and its backends, so no other server should run meanwhile), and the
    /// machine's busy and total time, at one moment.
    /// </summary>
    private sealed record Snapshot(IReadOnlyList<(string Name, string Labels, double Value)> Series, double AppCpuMs, double ClientCpuMs,
        double PostgresCpuMs, double MachineBusyMs, double MachineTotalMs, DateTime At)
    {
        public static async Task<Snapshot> TakeAsync(AppProcess app)
        {
            var series = await app.MetricsAsync();
            var postgres = 0.0;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
                if (int.TryParse(Path.GetFileName(directory), out var pid) && ProcessName(pid) == "postgres") postgres += ProcessorMs(pid);
            // The first line of /proc/stat: the cores' time in ticks by state; idle and iowait are the idle states.
            var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = ticks.Sum() * 10.0;
            return new Snapshot(series, ProcessorMs(app.Pid), Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, postgres,
                total - (ticks[3] + ticks[4]) * 10.0, total, DateTime.UtcNow);
        }

        private static string? ProcessName(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/comm").Trim();
            }
            catch (IOException)
            {
                return null; // gone meanwhile
            }
        }

        /// <summary>utime and stime, fields 14 and 15 of /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms; 0 once the process has gone.</summary>
        private static double ProcessorMs(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return (long.Parse(fields[11]) + long.Parse(fields[12])) * 10.0;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        public double Sum(string name, params string[] labels) =>
            Series.Where(s => s.Name == name && labels.All(s.Labels.Contains)).Sum(s => s.Value);
    }
}
