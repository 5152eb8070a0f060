using System.Diagnostics;
using System.Globalization;

namespace OrleansPersonalization.Benchmarks;

/// <summary>Runs an operation from N concurrent callers for a fixed time and reports its latency percentiles.</summary>
public static class LatencyRecorder
{
    public static async Task<LatencyResult> MeasureAsync(string name, int callers, TimeSpan duration, Func<Random, Task> operation)
    {
        var samples = new List<long>[callers];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var mine = samples[c] = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(random);
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        })));

        var all = samples.SelectMany(s => s).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
        return new LatencyResult(name, all.Length / duration.TotalSeconds, Percentile(0.5), Percentile(0.99), Percentile(0.999));
    }
}

public sealed record LatencyResult(string Name, double PerSecond, double P50Micros, double P99Micros, double P999Micros)
{
    public string Row(LatencyResult? baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {PerSecond:N0} | {P50Micros:N1} | {P99Micros:N1} | {P999Micros:N1} | {(baseline is null ? "1.0× (baseline)" : $"{P50Micros / baseline.P50Micros:0.0}× / {P99Micros / baseline.P99Micros:0.0}×")} |");
}
