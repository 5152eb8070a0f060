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

        var served = await ModelAsync();
        return new SimilarItems(Recommender.Similar(items, served, itemId, count), ModelVersions.Of(served, items));
    }

    public async Task<ImmutableArray<string>> Categories()
    {
        var items = await catalog.CurrentAsync();
        return [.. items.Categories().Order(StringComparer.Ordinal)];
    }

    private async Task<ModelSnapshot> ModelAsync()
    {
        if (ReferenceEquals(model.Current, ModelSnapshot.Empty))
        {
            // Only right after this silo started: fetch the model once instead of answering without it.
            await model.RefreshAsync();
        }

        return model.Current;
    }
}
