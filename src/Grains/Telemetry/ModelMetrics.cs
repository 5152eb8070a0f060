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
    }

    public void Dispose() => _meter.Dispose();
}
