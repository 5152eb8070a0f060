using System.Diagnostics.Metrics;

namespace OrleansPersonalization.Api.Telemetry;

/// <summary>
/// What the API observes of the product, for operators. Every label is from a closed set the code
/// defines (a purpose, a reason, how an answer was made): never an id, an item, a path or any value a
/// client sent, so no series can carry personal data (the redaction test scrapes them all).
/// </summary>
public sealed class ProductMetrics : IDisposable
{
    public const string MeterName = "OrleansPersonalization.Api";

    private readonly Meter _meter;
    private readonly Histogram<double> _recommendationDuration;
    private readonly Counter<long> _eventsRecorded;
    private readonly Counter<long> _eventsDropped;
    private readonly Counter<long> _consentChanges;
    private readonly Counter<long> _erasures;
    private readonly Histogram<double> _erasureDuration;

    public ProductMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _recommendationDuration = _meter.CreateHistogram<double>(
            "personalization.recommendation.duration", "s", "Time to answer a recommendation request, by how the answer was made.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _eventsRecorded = _meter.CreateCounter<long>("personalization.events.recorded", "{event}", "Behaviour events recorded.");
        _eventsDropped = _meter.CreateCounter<long>("personalization.events.dropped", "{event}", "Behaviour events accepted but not recorded, by reason (no consent, outside retention, unreadable state).");
        _consentChanges = _meter.CreateCounter<long>("personalization.consent.changes", "{decision}", "Consent decisions recorded, by purpose and decision.");
        _erasures = _meter.CreateCounter<long>("personalization.erasures", "{erasure}", "Users erased at their own request (the data-subject endpoint).");
        _erasureDuration = _meter.CreateHistogram<double>(
            "personalization.erasure.duration", "s", "Time from an erasure request to its receipt: state, journal, keys and model contribution gone.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <param name="answer"><c>personalized</c>, <c>popular</c> (not enough to personalize on) or <c>degraded</c> (the grain did not answer in time).</param>
    public void Recommended(string answer, TimeSpan took) =>
        _recommendationDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("answer", answer));

    /// <param name="reason">Why the dropped ones were not recorded: one of <c>EventOutcome</c>'s reasons.</param>
    public void Events(int recorded, int dropped, string? reason)
    {
        if (recorded > 0)
        {
            _eventsRecorded.Add(recorded);
        }

        if (dropped > 0)
        {
            _eventsDropped.Add(dropped, new KeyValuePair<string, object?>("reason", reason ?? "unknown"));
        }
    }

    /// <param name="purpose">A purpose id the request was validated against (<c>Purposes.IsKnown</c>).</param>
    public void ConsentChanged(string purpose, bool granted) =>
        _consentChanges.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("decision", granted ? "granted" : "withdrawn"));

    public void Erased(TimeSpan took)
    {
        _erasures.Add(1);
        _erasureDuration.Record(took.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
