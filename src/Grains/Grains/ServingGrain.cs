using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Grains;

[GrainType("serving"), StatelessWorker]
public sealed class ServingGrain(ModelSnapshotCache model, CatalogSnapshotCache catalog) : Grain, IServingGrain
{
    public async Task<SimilarItems?> Similar(string itemId, int count)
    {
        var items = await catalog.CurrentAsync();
        if (!items.Items.ContainsKey(itemId))
        {
            return null;
        }

        var served = await model.CurrentAsync();
        return new SimilarItems(Recommender.Similar(items, served, itemId, count), ModelVersions.Of(served, items));
    }

    public async Task<ImmutableArray<string>> Categories()
    {
        var items = await catalog.CurrentAsync();
        return [.. items.Categories().Order(StringComparer.Ordinal)];
    }
}
