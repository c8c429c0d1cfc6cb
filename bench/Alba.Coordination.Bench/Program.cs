using Alba.Coordination.Bench;

// One run, one machine, one database: the app's commands against raw Marten and raw Npgsql, run in turn (baseline, subject,
// baseline, subject, …), a vote burst with plain and with encrypted ballots, partner deliveries, live fan-out, projection lag
// and rebuild, as figures, medians and spreads.
const string Usage = "usage: bench <repository root> <connection string> [scale] [pairs] [parts] | probe [operations] [clients]";
// The parts of a run, all by default; a comma-separated subset measures only those (the lag and the rebuild are measured
// against the commands' runs, so they need the commands).
string[] allParts = ["commands", "bursts", "partners", "fanout", "lag", "rebuild", "import"];
var root = args.Length > 0 ? args[0] : throw new ArgumentException(Usage);
var connectionString = args.Length > 1 ? args[1] : throw new ArgumentException(Usage);
if (args.Length > 2 && args[2] == "probe")
    return await Probe.Run(root, connectionString, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100,
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1);
var scale = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
var pairs = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 3;
var parts = args.Length > 4 ? args[4].Split(',', StringSplitOptions.TrimEntries) : allParts;
if (parts.Except(allParts).FirstOrDefault() is { } unknown) throw new ArgumentException($"Unknown part '{unknown}'; the parts are {string.Join(", ", allParts)}.");
bool Runs(string part) => parts.Contains(part) && (part is not ("lag" or "rebuild") || parts.Contains("commands"));
int Scaled(int n) => Math.Max(20, (int)(n * scale));

var table = new Table();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; scale {scale}, {pairs} pairs; {string.Join(", ", parts.Where(Runs))}");

await using var baselines = new Baselines(connectionString);
await baselines.PrepareAsync();
await DatabaseProfile.EnsureRequestRoleAsync(connectionString);
await using var app = await AppProcess.StartAsync(root, connectionString);
table.Row("start: process launched → /health 200", $"{Table.F(app.Start.HealthyAfterMs)} ms");
table.Row("first request after start (Production, pre-generated handlers)", $"{Table.F(app.Start.FirstRequestMs)} ms", "≤ 300 ms",
    app.Start.FirstRequestMs <= 300);
table.Row("idle memory after start (VmRSS)", $"{app.Start.IdleRssBytes / (1 << 20)} MiB", "≤ 200 MiB", app.Start.IdleRssBytes <= 200L << 20);
var scenario = await Scenario.PrepareAsync(app);

// Warm both paths so code generation and connection pools are not measured.
await Load.Run("warm-up", 8, 200, baselines.AppendOneEvent);
await Load.Run("warm-up", 8, 200, baselines.InsertOneRow);
await Load.Run("warm-up", 8, 40, i => scenario.Register(i, "warm"));

var profile = new DatabaseProfile(connectionString);
var profiles = new List<(string Name, LoadResult Load, CommandProfile Profile)>();
var rawMarten = new Dictionary<int, List<LoadResult>>();
var registrationThroughput = new List<double>();
var maxRegistration = 0.0;

// Each command against raw Marten at the same concurrency, in pairs; the first run at one client is profiled by PostgreSQL's
// statement statistics, which say what a command costs the database.
if (Runs("commands"))
{
    foreach (var concurrency in new[] { 1, 8 })
    {
        var operations = Scaled(concurrency == 1 ? 200 : 800);
        var rawOperations = Scaled(concurrency == 1 ? 600 : 2400);
        rawMarten[concurrency] = [];
        async Task<LoadResult> RawMarten(int _)
        {
            var run = await Load.Run("raw Marten append, 1 event/commit", concurrency, rawOperations, baselines.AppendOneEvent);
            rawMarten[concurrency].Add(run);
            return run;
        }
        async Task<LoadResult> Measure(string name, int pair, int count, Func<int, Task> operation)
        {
            var profiled = concurrency == 1 && pair == 0 && await profile.ResetAsync();
            var result = await Load.Run(name, concurrency, count, operation);
            if (profiled) profiles.Add((name, result, await profile.ReadAsync(count)));
            return result;
        }
        string Tag(int pair) => $"c{concurrency}-{pair}";

        var registration = await Pairs.Run(pairs, RawMarten, k => Measure("HTTP registration", k, operations, i => scenario.Register(i, Tag(k))));
        for (var k = 0; k < pairs; k++) await scenario.AccreditAll(Tag(k));
        var checkIn = await Pairs.Run(pairs, RawMarten, k => Measure("HTTP check-in", k, operations, i => scenario.CheckIn(i, Tag(k))));
        var signatures = Math.Min(operations, scenario.MovementCount);
        for (var k = 0; k < pairs; k++) await scenario.EnsureStatements(signatures, Tag(k));
        var signature = await Pairs.Run(pairs, RawMarten, k => Measure("HTTP signature", k, signatures, i => scenario.Sign(i, Tag(k))));
        for (var k = 0; k < pairs; k++) await scenario.EnsureActions(operations, Tag(k));
        var report = await Pairs.Run(pairs, RawMarten, k => Measure("HTTP action report", k, operations, i => scenario.Report(i, Tag(k))));
        registrationThroughput.Add(registration.SubjectThroughput.Median);

        var goal = concurrency == 1 ? 0.6 : 0.5;
        foreach (var command in new[] { registration, checkIn, signature, report })
            table.Paired(command, $"raw Marten c={concurrency}", $"ratio ≥ {goal:0.0}", command.Ratio.Median >= goal);
    }
    foreach (var (name, load, cost) in profiles)
    {
        var (own, background) = (cost.Own, cost.Background);
        table.Row($"  profile: {name} (c=1), the command's own (requests' role)",
            $"{own.Statements:0.0} SQL statements (+ {own.TransactionControl:0.0} BEGIN/COMMIT, + {own.ResetStatements:0.0} of the pool's connection reset), {own.DatabaseMs:0.0} ms in PostgreSQL of {load.P50:0.0} ms p50",
            "≤ 10 statements", own.Statements <= 10);
        table.Row($"  profile: {name} (c=1), the command's own pool check-outs (connection resets)", $"{own.CheckOuts:0.0} per command", "≤ 1", own.CheckOuts <= 1);
        table.Row($"  profile: {name} (c=1), background (daemon, live feed, Wolverine's agents)",
            $"{background.Statements:0.0} SQL statements (+ {background.TransactionControl:0.0} BEGIN/COMMIT, + {background.ResetStatements:0.0} of connection resets), {background.CheckOuts:0.0} check-outs, {background.DatabaseMs:0.0} ms per command");
        foreach (var (part, set) in new[] { ("own", own), ("background", background) })
        foreach (var statement in set.Top)
            table.Row($"    {part}: {statement.Calls / (double)load.Operations:0.0}× per command", $"{statement.TotalMs / load.Operations:0.00} ms  {statement.Query}");
    }

    // Latency at 70% of the measured maximum, open loop (requests arrive at a steady rate).
    maxRegistration = registrationThroughput.Max();
    var paced = await Load.Paced("HTTP registration at 70% of max", 0.7 * maxRegistration, Scaled(600), i => scenario.Register(i, "paced"));
    table.Row(paced.Name, $"{Table.F(paced.Throughput)}/s  p50 {Table.F(paced.P50)} ms  p99 {Table.F(paced.P99)} ms", "p99 ≤ 100 ms", paced.P99 <= 100);
}

// Vote burst: 1,000 eligible delegates (at scale 1), 3 ballots each at once, each on a connection opened beforehand; plain
// (named) and encrypted (secret, encrypted on the client) bursts, each in turn with raw Npgsql INSERTs at 8 writers.
if (Runs("bursts"))
{
    var voteBurst = await VoteBurst.PrepareAsync(app, scenario, Scaled(1000));
    foreach (var encrypted in new[] { false, true })
    {
        // The first burst after start also compiles its path (optimised from the first call, TieredCompilationQuickJit off) and
        // grows the connection pools: shown on its own, as a first vote of the day meets it; the pairs measure the warmed path,
        // as the warm-up above does for the other figures.
        var first = await voteBurst.Run(encrypted, ballotsEach: 3);
        table.Row($"vote burst, {first.Mode} ballots: the first burst after start, not in the pairs (answered/s; p50, p99; app processor time per ballot counted)",
            $"{first.Throughput:0}/s; p50 {Table.F(first.P50)} ms, p99 {Table.F(first.P99)} ms; {1000 * first.AppCpuSeconds / first.Counted:0.0} ms");
        var bursts = await Pairs.Run(pairs, _ => Load.Run("raw Npgsql INSERT", 8, Scaled(2400), baselines.InsertOneRow),
            _ => voteBurst.Run(encrypted, ballotsEach: 3), burst => burst.Throughput);
        var mode = bursts.Subjects[0].Mode;
        var pooled = bursts.Subjects.SelectMany(b => b.LatenciesMs).ToArray();
        var (ratioGoal, p99Goal) = encrypted ? (0.3, (double?)null) : (1.0, 2000);
        table.Row($"vote burst, {mode} ballots: {voteBurst.Voters} × 3 at once, answered/s vs raw Npgsql INSERT c=8 ({pairs} pairs)",
            $"{bursts.SubjectThroughput.Format("0")}/s  ratio {bursts.Ratio.Format("0.00")}; raw {bursts.BaselineThroughput.Format("0")}/s",
            $"ratio ≥ {ratioGoal:0.0}", bursts.Ratio.Median >= ratioGoal);
        table.Row($"vote burst, {mode} ballots: latency (all bursts pooled; p99 per burst)",
            $"p50 {Table.F(Latency.Percentile(pooled, 0.5))} ms  p99 {Table.F(Latency.Percentile(pooled, 0.99))} ms; p99 {Spread.Of(bursts.Subjects.Select(b => b.P99)).Format("0")} ms",
            p99Goal is null ? "" : $"p99 ≤ {p99Goal / 1000:0} s", p99Goal is null ? null : Latency.Percentile(pooled, 0.99) <= p99Goal);
        var runs = bursts.Subjects;
        table.Row($"vote burst, {mode} ballots: ballots answered 503 and sent again after Retry-After (at most {VoteBurst.MaxResends} times each)",
            $"{string.Join(", ", runs.Select(b => b.Resent))} per burst");
        table.Row($"vote burst, {mode} ballots: processor time from the release to the last answer (app; this process, the voters)",
            $"app {Spread.Of(runs.Select(b => b.AppCpuSeconds)).Format("0.00")} s = {Spread.Of(runs.Select(b => 1000 * b.AppCpuSeconds / b.Counted)).Format("0.0")} ms per ballot counted; "
            + $"voters {Spread.Of(runs.Select(b => b.ClientCpuSeconds)).Format("0.00")} s; in {Spread.Of(runs.Select(b => b.Seconds)).Format("0.00")} s on {Environment.ProcessorCount} cores");
        if (runs[0].ProofCheckCpuMs is not null)
            table.Row($"  {mode} ballots: processor time to check one ballot's proofs (app's code, in the bench)",
                $"{Spread.Of(runs.Select(b => b.ProofCheckCpuMs!.Value)).Format("0.0")} ms");
        VoteBurstResult[] all = [first, .. runs]; // the checks hold for the first burst too
        table.Check(all.All(b => b.Counted == voteBurst.Voters && b.Refused == b.Sent - b.Counted),
            $"{mode} bursts: exactly {voteBurst.Voters} of {runs[0].Sent} ballots counted, the rest refused 409 (counted: {string.Join(", ", all.Select(b => b.Counted))})");
        table.Check(all.All(b => b.TallyMatches), $"{mode} bursts: each tally equals the choices sent");
        table.Check(all.All(b => b.ConnectionsOpenedDuringBurst == 0),
            $"{mode} bursts: every ballot sent on a connection opened before the burst (opened during: {string.Join(", ", all.Select(b => b.ConnectionsOpenedDuringBurst))})");
    }
}

// Partner deliveries: 50 partners, each a webhook receiver on loopback, every public event delivered once, in order.
if (Runs("partners"))
{
    var partners = await PartnerLag.Run(app, scenario, partners: 50, events: Scaled(100), perSecond: 5);
    table.Row($"partner delivery lag, {partners.Partners} partners × {partners.Events} events (commit → receiver)",
        $"p50 {Table.F(partners.P50)} ms  p99 {Table.F(partners.P99)} ms over {partners.Received} deliveries");
    table.Check(partners.AllOnceInOrder, $"every partner got every event once, in order, signed ({partners.Received} of {partners.Expected} arrived, "
        + $"{partners.Duplicates} repeated, {partners.OutOfOrder} out of order, {partners.BadSignatures} with a bad signature)");
}

// Live fan-out: clients in one session group, 5 updates per second.
if (Runs("fanout"))
{
    foreach (var clients in new[] { 100, 1000, 5000 })
    {
        if (clients == 5000)
            table.Row("app peak memory (VmHWM) before the 5,000-client fan-out", $"{app.Memory().PeakRssBytes / (1 << 20)} MiB", "≤ 400 MiB",
                app.Memory().PeakRssBytes <= 400L << 20);
        var fan = await FanOut.Run(app, clients, $"session:{scenario.SessionId}", "AgendaItemTaken", updates: 30, perSecond: 5, makeChange: scenario.MoveAgenda);
        var p99Goal = clients switch { 1000 => 100, 5000 => 250, _ => (double?)null };
        table.Row($"fan-out {clients} clients: commit → client", $"p50 {Table.F(fan.P50Ms)} ms  p99 {Table.F(fan.P99Ms)} ms",
            p99Goal is null ? "" : $"p99 ≤ {p99Goal} ms", p99Goal is null ? null : fan.P99Ms <= p99Goal);
        table.Row($"fan-out {clients} clients: commit → handed to the hub (the app's own mean)", $"{Table.F(fan.PushedMeanMs)} ms");
        table.Row($"fan-out {clients} clients: lost", $"{fan.Expected - fan.Received} of {fan.Expected}", "0", fan.Received == fan.Expected);
        table.Row($"fan-out {clients} clients: memory per connection (peak RSS rise / clients)", $"{fan.MemoryPerConnectionKb:0} KiB");
        table.Row($"fan-out {clients} clients: processor time while updating",
            $"app {fan.AppCpuSeconds:0.0} s, clients (this process) {fan.ClientsCpuSeconds:0.0} s, in {fan.Seconds:0.0} s on {Environment.ProcessorCount} cores");
    }
}

// Async daemon lag at half the maximum load, then rebuild speed against the append rate.
if (Runs("lag"))
{
    var lag = await ProjectionLag.Run(app, scenario, 0.5 * maxRegistration, Scaled(400));
    table.Row("projection lag at 50% of max (commit → pushed)", $"p50 {Table.F(lag.P50)} ms  p99 {Table.F(lag.P99)} ms over {lag.Observed} pushes", "p99 ≤ 1 s", lag.P99 <= 1000);
    table.Check(lag.Observed == lag.Sent, $"the lag counts a push for each of the {lag.Sent} registrations sent ({lag.Observed} seen)");
}
if (Runs("rebuild"))
{
    var rebuild = await Rebuild.Run(root, connectionString);
    var rebuildRatio = Spread.Of(rawMarten[8].Select(raw => rebuild.EventsPerSecond / raw.Throughput));
    table.Row("projection rebuild", $"{rebuild.Events} events in {rebuild.Seconds:0.0} s = {Table.F(rebuild.EventsPerSecond)} events/s");
    table.Row($"  rebuild rate / raw Marten append c=8 (over its {rawMarten[8].Count} runs)", $"{rebuildRatio.Format("0.0")}×", "≥ 10×", rebuildRatio.Median >= 10);
    table.Row("  rebuild process peak memory (VmHWM)", $"{rebuild.PeakRssBytes / (1 << 20)} MiB");
}

if (Runs("import"))
{
    var import = await DelegationImport.Run(root, app);
    table.Row($"CSV import of {import.Rows} rows (import-delegation verb)", $"{import.Seconds:0.0} s = {Table.F(import.RowsPerSecond)} rows/s");
    table.Check(import.Registered == import.Rows, $"all {import.Rows} imported rows registered");
}

// Last, so every registration, check-in, signature and report sent above is in what the app must report.
if (Runs("commands")) await scenario.CheckCounts(table);
var memory = app.Memory();
table.Row("app peak memory (VmHWM)", $"{memory.PeakRssBytes / (1 << 20)} MiB", "≤ 400 MiB", memory.PeakRssBytes <= 400L << 20);
table.Print();
if (table.Failures.Count > 0)
{
    Console.Error.WriteLine("Correctness checks failed: " + string.Join("; ", table.Failures));
    return 1;
}
return 0;
