using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

[GrainType("serving"), StatelessWorker]
public sealed class ServingGrain(ModelSnapshotCache model, CatalogSnapshotCache catalog, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IServingGrain
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

    public async Task<PopularLists> Popular()
    {
        var items = await catalog.CurrentAsync();
        var served = await model.CurrentAsync();
        var now = clock.GetUtcNow();
        ImmutableArray<RecommendedItem> ListFor(string? category) =>
            Recommender.Recommend(new RecommendationInput(items, served, [], UserProfile.Default, false, PopularLists.Length, category, now));

        var byCategory = items.Categories().Order(StringComparer.Ordinal).Take(PopularLists.MaxCategories)
            .ToImmutableDictionary(c => c, c => ListFor(c), StringComparer.Ordinal);
        return new PopularLists(ListFor(null), byCategory, ModelVersions.Of(served, items));
    }

    public async Task<ImmutableArray<string>> Categories()
    {
        var items = await catalog.CurrentAsync();
        return [.. items.Categories().Order(StringComparer.Ordinal)];
    }
}
