using System.Diagnostics;
using Npgsql;

namespace Alba.Coordination.Bench;

public sealed record RebuildResult(long Events, double Seconds, double EventsPerSecond);

/// <summary>
/// Rebuilds every projection from the events with the app's own command line, and takes off the
/// time the same command line needs to start and stop, measured in the same run.
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
        var startup = await TimeCommandAsync(repositoryRoot, connectionString, "projections", "list");
        var rebuild = await TimeCommandAsync(repositoryRoot, connectionString, "projections", "rebuild");
        var seconds = Math.Max(0.001, rebuild - startup);
        return new RebuildResult(events, seconds, events / seconds);
    }

    private static async Task<double> TimeCommandAsync(string repositoryRoot, string connectionString, params string[] arguments)
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
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} failed: {await output}{await error}");
        return clock.Elapsed.TotalSeconds;
    }
}
