using System.Diagnostics;

namespace Alba.Coordination.Bench;

public sealed record LoadResult(string Name, int Concurrency, int Operations, double Seconds, double[] LatenciesMs)
{
    public double Throughput => Operations / Seconds;
    public double P50 => Latency.Percentile(LatenciesMs, 0.50);
    public double P99 => Latency.Percentile(LatenciesMs, 0.99);

    /// <summary>Several runs of one measurement as one: their operations, time and latencies added up.</summary>
    public static LoadResult Pooled(IReadOnlyList<LoadResult> runs) => new(runs[0].Name, runs[0].Concurrency, runs.Sum(r => r.Operations),
        runs.Sum(r => r.Seconds), runs.SelectMany(r => r.LatenciesMs).ToArray());
}

public static class Latency
{
    /// <summary>The nearest-rank percentile (NaN when nothing was measured).</summary>
    public static double Percentile(IEnumerable<double> latencies, double p)
    {
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
    }
}

public static class Load
{
    /// <summary>Runs <paramref name="operations"/> calls of <paramref name="operation"/> (given its index) on <paramref name="concurrency"/> workers.</summary>
    public static async Task<LoadResult> Run(string name, int concurrency, int operations, Func<int, Task> operation)
    {
        var latencies = new double[operations];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < operations)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        return new LoadResult(name, concurrency, operations, clock.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>Issues operations at a fixed rate (open loop), as real traffic does, for the latency at a given share of the maximum.</summary>
    public static async Task<LoadResult> Paced(string name, double perSecond, int operations, Func<int, Task> operation)
    {
        var latencies = new double[operations];
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(operations);
        for (var i = 0; i < operations; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var index = i;
            running.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(running);
        return new LoadResult(name, 0, operations, clock.Elapsed.TotalSeconds, latencies);
    }
}
