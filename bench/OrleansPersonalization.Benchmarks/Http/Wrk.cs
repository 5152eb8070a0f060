using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansPersonalization.Benchmarks.Http;

/// <summary>What one wrk run measured.</summary>
internal sealed record WrkResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs, long Requests, long Errors, long Timeouts)
{
    public double ErrorShare => Requests == 0 ? 0 : (double)Errors / Requests;
}

/// <summary>
/// Debian's <c>wrk</c>, a real HTTP load generator (C, epoll, keep-alive connections), driven with a
/// Lua script per row. Its report is parsed for throughput, latency percentiles, non-2xx responses,
/// socket errors and timeouts.
/// </summary>
internal static partial class Wrk
{
    public static void EnsureInstalled()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        if (!path.Any(folder => File.Exists(Path.Combine(folder, "wrk"))))
        {
            throw new InvalidOperationException("The HTTP rows need Debian's wrk on the PATH: apt-get install -y wrk");
        }
    }

    public static async Task<WrkResult> RunAsync(string name, string baseAddress, string script, int connections, TimeSpan duration, int threads = 2)
    {
        var file = Path.Combine(Path.GetTempPath(), $"op-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency", "-s", file, baseAddress })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk).");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(name, output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static WrkResult Parse(string name, string output)
    {
        double Latency(string percentile) =>
            Regex.Match(output, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline) is { Success: true } m ? Milliseconds(m) : double.NaN;
        var rate = Number(RateLine().Match(output));
        var requests = (long)Number(RequestsLine().Match(output));
        var non2xx = (long)Number(Non2xxLine().Match(output));
        var socket = SocketErrors().Match(output);
        long connect = 0, read = 0, write = 0, timeout = 0;
        if (socket.Success)
        {
            (connect, read, write, timeout) = (long.Parse(socket.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(socket.Groups[2].Value, CultureInfo.InvariantCulture),
                long.Parse(socket.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture));
        }

        var max = MaxLine().Match(output);
        return new WrkResult(name, rate, Latency("50"), Latency("99"), max.Success ? Milliseconds(max) : double.NaN, requests, non2xx + connect + read + write + timeout, timeout);
    }

    private static double Number(Match match) => match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static double Milliseconds(Match match) =>
        double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * match.Groups[2].Value switch { "us" => 0.001, "ms" => 1, _ => 1000 };

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    // The "Latency" thread-stats line: avg, stdev, max.
    [GeneratedRegex(@"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", RegexOptions.Multiline)]
    private static partial Regex MaxLine();
}
