using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Telemetry;

/// <summary>
/// The shared model as this silo serves it, read when a scrape asks: how old the served version is,
/// how many contributors it rests on, and how many of this silo's users have an addition the model has
/// not yet taken. Aggregates only, without labels.
/// </summary>
public sealed class ModelMetrics : IDisposable
{
    public const string MeterName = "OrleansPersonalization.Model";

    private readonly Meter _meter;
    private readonly Histogram<double> _contributionDelay;

    public ModelMetrics(IMeterFactory meters, ModelSnapshotCache model, ContributionBacklog backlog, [FromKeyedServices(Clocks.Domain)] TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(clock);
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge(
            "personalization.model.age",
            () => ReferenceEquals(model.Current, Domain.Model.ModelSnapshot.Empty) ? [] : new[] { new Measurement<double>((clock.GetUtcNow() - model.Current.BuiltAt).TotalSeconds) },
            "s", "Age of the model version this silo serves: a model that stops following contributions grows old here.");
        _meter.CreateObservableGauge("personalization.model.contributors", () => model.Current.Contributors, "{contributor}", "Contributors in the model version this silo serves.");
        _meter.CreateObservableGauge("personalization.model.contributions.pending", () => backlog.Pending, "{user}", "This silo's users whose latest contribution the model has not acknowledged yet.");
        _contributionDelay = _meter.CreateHistogram<double>(
            "personalization.model.contribution.delay", "s", "Time from a contribution change reaching its partition to the model taking it, by change: a leave is taken once the model without it is published; a set is served from the next timed publish.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    }

    /// <param name="change"><c>leave</c> (the user's contribution is emptied) or <c>set</c>.</param>
    public void ContributionTaken(string change, TimeSpan took) =>
        _contributionDelay.Record(took.TotalSeconds, new KeyValuePair<string, object?>("change", change));

    public void Dispose() => _meter.Dispose();
}
