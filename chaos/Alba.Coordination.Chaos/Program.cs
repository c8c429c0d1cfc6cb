using System.Diagnostics;
using System.Globalization;
using Alba.Coordination.Chaos;

// The chaos run of issue 18 (scripts/chaos.sh starts the private PostgreSQL and Redis and passes them here):
//   Alba.Coordination.Chaos <app dll> <fresh database> <redis> <stop-db command> <start-db command> [commands] [clients]
// Prints what it found and exits 1 on any loss, duplicate, missed update or view unlike its rebuild.
// With `checksums <database>` it prints a row count and checksum per document table (scripts/backup-drill.sh).
if (args is ["checksums", var checksummed])
{
    foreach (var (table, (rows, checksum)) in await Audit.ViewChecksums(checksummed)) Console.WriteLine($"{table} {rows} {checksum}");
    return 0;
}
// With `bench` after the five arguments, it measures the live feed alone instead (FeedBench): [commands=2000] [clients=8].
if (args is [var benchDll, var benchDatabase, var benchRedis, _, _, "bench", .. var benchArgs])
{
    var benchCommands = benchArgs.Length > 0 ? int.Parse(benchArgs[0], CultureInfo.InvariantCulture) : 2000;
    var benchClients = benchArgs.Length > 1 ? int.Parse(benchArgs[1], CultureInfo.InvariantCulture) : 8;
    Console.Write(await FeedBench.Run(benchDll, benchDatabase, benchRedis, benchCommands, benchClients, line => Console.Error.WriteLine("bench: " + line)));
    return 0;
}
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: Alba.Coordination.Chaos <app dll> <database> <redis> <stop-db command> <start-db command> [commands=7860] [clients=8]");
    return 2;
}
var (appDll, database, redis, stopDatabase, startDatabase) = (args[0], args[1], args[2], args[3], args[4]);
var commands = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 7860;
var clients = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 8;

var plan = new ChaosPlan(Nodes: 3, Clients: clients, Commands: commands, FollowersPerNode: 2,
[
    new KillNode(0.15, Node: 0, RestartAfter: TimeSpan.FromSeconds(2)),
    new HoldStreamLock(0.30, TimeSpan.FromSeconds(8)),
    new KillNode(0.45, Node: 1, RestartAfter: TimeSpan.FromSeconds(2)),
    new StopDatabase(0.60, TimeSpan.FromSeconds(5), () => Shell(stopDatabase), () => Shell(startDatabase)),
    new KillNode(0.80, Node: 2, RestartAfter: TimeSpan.FromSeconds(2)),
])
{
    DaemonMode = Environment.GetEnvironmentVariable("ALBA_CHAOS_DAEMON_MODE") is { Length: > 0 } mode ? mode : "Distributed",
};
var report = await ChaosRun.Run(plan, appDll, database, redis, line => Console.Error.WriteLine("chaos: " + line));
Console.Write(report.Print());
return report.Failures.Count == 0 ? 0 : 1;

static async Task Shell(string command)
{
    using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]))!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' failed with {process.ExitCode}.");
}
