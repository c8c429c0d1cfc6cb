using System.Diagnostics;
using Npgsql;

namespace Alba.Coordination.Bench;

public sealed record RebuildResult(long Events, double Seconds, double EventsPerSecond, long PeakRssBytes);

/// <summary>
/// Rebuilds every projection from the events with the app's own command line, and takes off the
/// time the same command line needs to start and stop, measured in the same run; and the most memory the rebuilding
/// process held (its VmHWM, read until it exits), to show the rebuild's memory stays bounded.
/// </summary>
public static class Rebuild
{
    public static async Task<RebuildResult> Run(string repositoryRoot, string connectionString)
    {
        long events;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("select count(*) from alba.mt_events", connection);
            events = (long)(await count.ExecuteScalarAsync())!;
        }
        var (startup, _) = await TimeCommandAsync(repositoryRoot, connectionString, "projections", "list");
        var (rebuild, peak) = await TimeCommandAsync(repositoryRoot, connectionString, "projections", "rebuild");
        var seconds = Math.Max(0.001, rebuild - startup);
        return new RebuildResult(events, seconds, events / seconds, peak);
    }

    private static async Task<(double Seconds, long PeakRssBytes)> TimeCommandAsync(string repositoryRoot, string connectionString, params string[] arguments)
    {
        var appDirectory = Path.Combine(repositoryRoot, "src", "Alba.Coordination");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(appDirectory, "bin", "Release", "net10.0", "Alba.Coordination.dll"), .. arguments])
        {
            WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ALBA_DB"] = connectionString;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peak = 0;
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            await Task.WhenAny(exited, Task.Delay(50));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} failed: {await output}{await error}");
        return (seconds, peak);
    }

    /// <summary>VmHWM of a running process; 0 once it has gone.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(':')[1].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
