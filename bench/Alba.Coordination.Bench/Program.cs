using Alba.Coordination.Bench;

// One run, one machine, one database: the app's commands against raw Marten and raw Npgsql,
// a vote burst, live fan-out, projection lag and rebuild, as figures and ratios.
var root = args.Length > 0 ? args[0] : throw new ArgumentException("usage: bench <repository root> <connection string>");
var connectionString = args.Length > 1 ? args[1] : throw new ArgumentException("usage: bench <repository root> <connection string>");
var scale = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
int Scaled(int n) => Math.Max(20, (int)(n * scale));

var table = new Table();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

await using var baselines = new Baselines(connectionString);
await baselines.PrepareAsync();
await using var app = await AppProcess.StartAsync(root, connectionString);
table.Row("start: process launched → /health 200", $"{Table.F(app.Start.HealthyAfterMs)} ms");
table.Row("first request after start (Production, pre-generated handlers)", $"{Table.F(app.Start.FirstRequestMs)} ms", "≤ 300 ms",
    app.Start.FirstRequestMs <= 300);
table.Row("idle memory after start (VmRSS)", $"{app.Start.IdleRssBytes / (1 << 20)} MiB", "≤ 200 MiB", app.Start.IdleRssBytes <= 200L << 20);
var scenario = await Scenario.PrepareAsync(app);

// Warm both paths so code generation and connection pools are not measured.
await Load.Run("warm-up", 8, 200, baselines.AppendOneEvent);
await Load.Run("warm-up", 8, 40, i => scenario.Register(i, "warm"));

var raw = new Dictionary<int, LoadResult>();
foreach (var concurrency in new[] { 1, 8 })
{
    raw[concurrency] = await Load.Run("raw Marten append, 1 event/commit", concurrency, Scaled(concurrency == 1 ? 600 : 2400), baselines.AppendOneEvent);
    table.Load(raw[concurrency]);
    table.Load(await Load.Run("raw Npgsql INSERT", concurrency, Scaled(concurrency == 1 ? 600 : 2400), baselines.InsertOneRow));
}

var commands = new List<LoadResult>();
var profile = new DatabaseProfile(connectionString);
var profiles = new List<(string Name, LoadResult Load, CommandProfile Profile)>();
// At one client, PostgreSQL's statement statistics say what each command costs the database.
async Task<LoadResult> Measure(string name, int concurrency, int operations, Func<int, Task> operation)
{
    var profiled = concurrency == 1 && await profile.ResetAsync();
    var result = await Load.Run(name, concurrency, operations, operation);
    if (profiled) profiles.Add((name, result, await profile.ReadAsync(operations)));
    return result;
}

foreach (var concurrency in new[] { 1, 8 })
{
    var operations = Scaled(concurrency == 1 ? 200 : 800);
    var tag = $"c{concurrency}";
    var registration = await Measure("HTTP registration", concurrency, operations, i => scenario.Register(i, tag));
    await scenario.AccreditAll(tag);
    var checkIn = await Measure("HTTP check-in", concurrency, operations, i => scenario.CheckIn(i, tag));
    var signature = await Measure("HTTP signature", concurrency, Math.Min(operations, scenario.MovementCount), i => scenario.Sign(i, tag));
    await scenario.EnsureActions(operations, tag);
    var report = await Measure("HTTP action report", concurrency, operations, i => scenario.Report(i, tag));
    foreach (var result in new[] { registration, checkIn, signature, report })
    {
        var ratio = result.Throughput / raw[concurrency].Throughput;
        table.Load(result, $"raw Marten c={concurrency}", ratio);
        table.Row($"  goal: {result.Name} ≥ 0.5 × raw Marten (c={concurrency})", $"{ratio:0.00}", "≥ 0.50", ratio >= 0.5);
        commands.Add(result);
    }
}
await scenario.CheckCounts(table);
foreach (var (name, load, cost) in profiles)
{
    table.Row($"  profile: {name} (c=1)", $"{cost.StatementsPerCommand:0.0} SQL statements, {cost.DatabaseMsPerCommand:0.0} ms in PostgreSQL of {load.P50:0.0} ms p50");
    foreach (var statement in cost.Top)
        table.Row($"    {statement.Calls / (double)load.Operations:0.0}× per command", $"{statement.TotalMs / load.Operations:0.00} ms  {statement.Query}");
}

// Latency at 70% of the measured maximum, open loop (requests arrive at a steady rate).
var maxRegistration = commands.Where(c => c.Name == "HTTP registration").Max(c => c.Throughput);
var paced = await Load.Paced("HTTP registration at 70% of max", 0.7 * maxRegistration, Scaled(600), i => scenario.Register(i, "paced"));
table.Row(paced.Name, $"{Table.F(paced.Throughput)}/s  p50 {Table.F(paced.P50)} ms  p99 {Table.F(paced.P99)} ms", "p99 ≤ 100 ms", paced.P99 <= 100);

// Vote burst: 1,000 eligible delegates (at scale 1), 3 ballots each at once, each on a connection opened beforehand.
var voters = Scaled(1000);
var burst = await VoteBurst.Run(app, scenario, delegates: voters, ballotsEach: 3);
table.Row("vote burst: ballots sent / counted", $"{burst.Sent} / {burst.Counted}");
table.Check(burst.Counted == voters, $"exactly {voters} ballots counted");
table.Check(burst.ConnectionsOpenedDuringBurst == 0, $"every ballot sent on a connection opened before the burst ({burst.ConnectionsOpenedDuringBurst} opened during it)");
table.Check(burst.TallyMatches, "tally equals the choices sent");
table.Row("vote burst: ballot latency", $"p50 {Table.F(burst.P50)} ms  p99 {Table.F(burst.P99)} ms", "p99 ≤ 300 ms", burst.P99 <= 300);

// Live fan-out: clients in one session group, 5 updates per second.
foreach (var clients in new[] { 100, 1000 })
{
    var fan = await FanOut.Run(app, clients, $"session:{scenario.SessionId}", "AgendaItemTaken", updates: 30, perSecond: 5, makeChange: scenario.MoveAgenda);
    table.Row($"fan-out {clients} clients: commit → client", $"p50 {Table.F(fan.P50Ms)} ms  p99 {Table.F(fan.P99Ms)} ms",
        clients == 1000 ? "p99 ≤ 250 ms" : "", clients == 1000 ? fan.P99Ms <= 250 : null);
    table.Row($"fan-out {clients} clients: lost", $"{fan.Expected - fan.Received} of {fan.Expected}", "0", fan.Received == fan.Expected);
    table.Row($"fan-out {clients} clients: memory per connection (peak RSS rise / clients)", $"{fan.MemoryPerConnectionKb:0} KiB");
}

// Async daemon lag at half the maximum load, then rebuild speed against the append rate.
var lag = await ProjectionLag.Run(app, scenario, 0.5 * maxRegistration, Scaled(400));
table.Row("projection lag at 50% of max (commit → pushed)", $"p50 {Table.F(lag.P50)} ms  p99 {Table.F(lag.P99)} ms over {lag.Observed} pushes", "p99 ≤ 1 s", lag.P99 <= 1000);
table.Check(lag.Observed == lag.Sent, $"the lag counts a push for each of the {lag.Sent} registrations sent ({lag.Observed} seen)");
var rebuild = await Rebuild.Run(root, connectionString);
var appendRate = raw[8].Throughput;
table.Row("projection rebuild", $"{rebuild.Events} events in {rebuild.Seconds:0.0} s = {Table.F(rebuild.EventsPerSecond)} events/s");
table.Row("  rebuild rate / raw append rate (c=8)", $"{rebuild.EventsPerSecond / appendRate:0.0}×", "≥ 2×", rebuild.EventsPerSecond >= 2 * appendRate);

var import = await DelegationImport.Run(root, app, connectionString);
table.Row($"CSV import of {import.Rows} rows (import-delegation verb)", $"{import.Seconds:0.0} s = {Table.F(import.RowsPerSecond)} rows/s");
table.Check(import.Registered == import.Rows, $"all {import.Rows} imported rows registered");

var memory = app.Memory();
table.Row("app peak memory (VmHWM)", $"{memory.PeakRssBytes / (1 << 20)} MiB");
table.Print();
if (table.Failures.Count > 0)
{
    Console.Error.WriteLine("Correctness checks failed: " + string.Join("; ", table.Failures));
    return 1;
}
return 0;
