using System.Globalization;

namespace Alba.Coordination.Bench;

/// <summary>The printed result: one row per figure, with the goal and whether it was met.</summary>
public sealed class Table
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _failures = [];

    /// <summary>Adds a row and prints it at once, so a long run shows its progress and a failure late in it keeps what was measured.</summary>
    public void Row(string figure, string value, string goal = "", bool? met = null)
    {
        string[] row = [figure, value, goal, met is null ? "" : met.Value ? "met" : "NOT met"];
        _rows.Add(row);
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] " + string.Join(" | ", row.Where(cell => cell.Length > 0)));
    }

    public void Load(LoadResult result, string? ratioTo = null, double? ratio = null) =>
        Row($"{result.Name} (c={result.Concurrency})",
            $"{F(result.Throughput)}/s  p50 {F(result.P50)} ms  p99 {F(result.P99)} ms" + (ratio is null ? "" : $"  ratio {ratio:0.00} of {ratioTo}"));

    /// <summary>A subject measured in pairs with its baseline: the medians, their ranges, and the pooled latencies.</summary>
    public void Paired(Paired<LoadResult> paired, string baseline, string goal, bool met)
    {
        var pooled = LoadResult.Pooled(paired.Subjects);
        Row($"{pooled.Name} (c={pooled.Concurrency}) vs {baseline}, {paired.Subjects.Count} pairs",
            $"{paired.SubjectThroughput.Format("0")}/s  p50 {F(pooled.P50)} ms  p99 {F(pooled.P99)} ms  ratio {paired.Ratio.Format("0.00")}; raw {paired.BaselineThroughput.Format("0")}/s",
            goal, met);
    }

    /// <summary>A correctness check of what the benchmark drove: a fast wrong answer must not pass.</summary>
    public void Check(bool condition, string what)
    {
        Row("check: " + what, condition ? "ok" : "FAILED");
        if (!condition) _failures.Add(what);
    }

    public IReadOnlyList<string> Failures => _failures;

    public void Print()
    {
        string[] header = ["figure", "value", "goal", ""];
        var widths = Enumerable.Range(0, 4).Select(i => _rows.Append(header).Max(r => r[i].Length)).ToArray();
        string Line(string[] r) => string.Join(" | ", r.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
        Console.WriteLine(Line(header));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) Console.WriteLine(Line(row));
    }

    public static string F(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
