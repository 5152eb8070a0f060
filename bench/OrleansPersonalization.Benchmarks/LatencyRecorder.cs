using System.Diagnostics;
using System.Globalization;

namespace OrleansPersonalization.Benchmarks;

/// <summary>Runs an operation from N concurrent callers for a fixed time and reports its latency percentiles.</summary>
public static class LatencyRecorder
{
    public static async Task<LatencyResult> MeasureAsync(string name, int callers, TimeSpan duration, Func<Random, Task> operation)
    {
        var samples = new List<long>[callers];
        var paused = GC.GetTotalPauseDuration();
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

        paused = GC.GetTotalPauseDuration() - paused;
        var all = samples.SelectMany(s => s).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
        return new LatencyResult(name, all.Length / duration.TotalSeconds, Percentile(0.5), Percentile(0.99), Percentile(0.999)) { GcPause = paused / duration };
    }
}

/// <summary>Open loop: requests start on a fixed schedule whatever happened to earlier ones.</summary>
public static class OpenLoopRecorder
{
    /// <summary>
    /// Starts <paramref name="perSecond"/> operations a second for <paramref name="duration"/>, never
    /// waiting for earlier ones, and measures each from its start. The schedule is kept with a 1 ms
    /// timer (starts are batched to it); spinning for a finer one would take a core from the system
    /// under test on this 2-core machine.
    /// </summary>
    public static async Task<LatencyResult> MeasureAsync(string name, double perSecond, TimeSpan duration, Func<Random, Task> operation)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var ticksBetween = Stopwatch.Frequency / perSecond;
        var latencies = new long[total];
        var running = new List<Task>(total);
        var paused = GC.GetTotalPauseDuration();
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total)
        {
            var now = Stopwatch.GetTimestamp();
            for (; next < total && start + (long)(next * ticksBetween) <= now; next++)
            {
                running.Add(Run(next));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(running);
        var pausedShare = (GC.GetTotalPauseDuration() - paused) / Stopwatch.GetElapsedTime(start);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
        return new LatencyResult(name, total / duration.TotalSeconds, Percentile(0.5), Percentile(0.99), Percentile(0.999)) { GcPause = pausedShare };

        async Task Run(int index)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(Random.Shared);
            latencies[index] = Stopwatch.GetTimestamp() - started;
        }
    }
}

public sealed record LatencyResult(string Name, double PerSecond, double P50Micros, double P99Micros, double P999Micros)
{
    /// <summary>The share of the measurement's wall time the process spent in GC pauses (every thread stopped).</summary>
    public double GcPause { get; init; }

    public string Row(LatencyResult? baseline) => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {PerSecond:N0} | {P50Micros:N1} | {P99Micros:N1} | {P999Micros:N1} | {(baseline is null ? "1.0× (baseline)" : $"{P50Micros / baseline.P50Micros:0.0}× / {P99Micros / baseline.P99Micros:0.0}×")} | {GcPause:P1} |");
}
