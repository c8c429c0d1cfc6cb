using System.Globalization;

namespace Alba.Coordination.Bench;

/// <summary>The median of several runs and their range, so a figure says how much it moved within one run of the benchmark.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    /// <summary>"0.42 (0.38–0.47)": the median, then the least and the most.</summary>
    public string Format(string format) =>
        $"{Median.ToString(format, CultureInfo.InvariantCulture)} ({Min.ToString(format, CultureInfo.InvariantCulture)}–{Max.ToString(format, CultureInfo.InvariantCulture)})";
}

/// <summary>
/// Baseline and subject run in turn (A, B, A, B, …): each subject run is compared with the baseline run just before it, so
/// a machine that is slower for a while slows both sides of a ratio, and the spread of the ratios shows what is left.
/// </summary>
public sealed record Paired<T>(IReadOnlyList<LoadResult> Baselines, IReadOnlyList<T> Subjects, Func<T, double> Throughput)
{
    public Spread Ratio => Spread.Of(Subjects.Zip(Baselines, (subject, baseline) => Throughput(subject) / baseline.Throughput));

    public Spread SubjectThroughput => Spread.Of(Subjects.Select(Throughput));

    public Spread BaselineThroughput => Spread.Of(Baselines.Select(b => b.Throughput));
}

public static class Pairs
{
    public static async Task<Paired<T>> Run<T>(int pairs, Func<int, Task<LoadResult>> baseline, Func<int, Task<T>> subject, Func<T, double> throughput)
    {
        var baselines = new List<LoadResult>();
        var subjects = new List<T>();
        for (var pair = 0; pair < pairs; pair++)
        {
            baselines.Add(await baseline(pair));
            subjects.Add(await subject(pair));
        }
        return new Paired<T>(baselines, subjects, throughput);
    }

    public static Task<Paired<LoadResult>> Run(int pairs, Func<int, Task<LoadResult>> baseline, Func<int, Task<LoadResult>> subject) =>
        Run(pairs, baseline, subject, result => result.Throughput);
}
