using System.Diagnostics.Metrics;

namespace OrleansPersonalization.Telemetry;

/// <summary>
/// Progress and duration of the jobs operators start: long administrative operations by kind and
/// outcome, erasure jobs by the users they were given and the users they have processed. Labels come
/// from closed sets; never a job id, which would make one series per job.
/// </summary>
public sealed class JobMetrics : IDisposable
{
    public const string MeterName = "OrleansPersonalization.Jobs";

    private readonly Meter _meter;
    private readonly Histogram<double> _adminJobDuration;
    private readonly Counter<long> _erasureRequested;
    private readonly Counter<long> _erasureProcessed;

    public JobMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _adminJobDuration = _meter.CreateHistogram<double>(
            "personalization.admin_job.duration", "s", "Time a model rebuild, key rewrap or audit verification job ran, by kind and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        _erasureRequested = _meter.CreateCounter<long>("personalization.erasure_job.users.requested", "{user}", "Users handed to erasure jobs.");
        _erasureProcessed = _meter.CreateCounter<long>("personalization.erasure_job.users.processed", "{user}", "Users an erasure job has processed, by outcome (erased, failed): with the requested count, the jobs' progress.");
    }

    /// <param name="kind">One of <c>AdminJobKinds</c>.</param>
    /// <param name="outcome"><c>completed</c> or <c>failed</c>.</param>
    public void AdminJobFinished(string kind, string outcome, TimeSpan took) =>
        _adminJobDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public void ErasureJobStarted(int users) => _erasureRequested.Add(users);

    public void ErasureJobProcessed(int erased, int failed)
    {
        if (erased > 0)
        {
            _erasureProcessed.Add(erased, new KeyValuePair<string, object?>("outcome", "erased"));
        }

        if (failed > 0)
        {
            _erasureProcessed.Add(failed, new KeyValuePair<string, object?>("outcome", "failed"));
        }
    }

    public void Dispose() => _meter.Dispose();
}
