using System.Diagnostics.Metrics;

namespace OrleansPersonalization.Api.Degradation;

/// <summary>
/// Counts the reads answered with the popular list because the user grain did not answer in time.
/// The only label is the cause, a closed set: nothing about the user.
/// </summary>
public sealed class DegradedReadMetrics : IDisposable
{
    public const string MeterName = "OrleansPersonalization.Api";
    public const string DegradedCounterName = "personalization.recommendations.degraded";

    private readonly Meter _meter;
    private readonly Counter<long> _degraded;

    public DegradedReadMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _degraded = _meter.CreateCounter<long>(DegradedCounterName, "{request}", "Recommendations answered with the popular list because the user's grain did not answer within the read deadline.");
    }

    /// <param name="cause"><c>deadline</c> (no answer in time) or <c>unavailable</c> (the grain's silo is gone).</param>
    public void Degraded(string cause) => _degraded.Add(1, new KeyValuePair<string, object?>("cause", cause));

    public void Dispose() => _meter.Dispose();
}
