using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Domain.Model;

public static class ModelSnapshotStatus
{
    /// <summary>The snapshot described in the few numbers operators see (<see cref="ModelStatus"/>).</summary>
    public static ModelStatus Status(this ModelSnapshot model, long catalogVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new(
            ModelVersions.Of(model, catalogVersion),
            model.BuiltAt,
            model.Contributors,
            model.ItemCounts.Count,
            model.Interactions,
            model.MinimumSupport,
            model.Ranking ?? RankingWeights.HandSetFor(model.Dense is { Size: > 0 }),
            model.RankerReport,
            model.Dense?.ActiveItems().Count() ?? 0,
            model.DenseCurrent);
    }
}
