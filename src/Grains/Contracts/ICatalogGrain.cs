using System.Collections.Immutable;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Contracts;

/// <summary>The item catalog (one activation, key <see cref="Key"/>).</summary>
[Alias("catalog")]
public interface ICatalogGrain : IGrainWithStringKey
{
    const string Key = "default";

    [Alias("upsert")]
    Task<CatalogItem> Upsert(CatalogItem item, string actorRole);

    /// <summary>Adds or replaces many items in one write (catalog imports).</summary>
    [Alias("upsert-many")]
    Task UpsertMany(ImmutableArray<CatalogItem> items, string actorRole);

    [Alias("remove")]
    Task Remove(string itemId, string actorRole);

    /// <summary>Read on every recommendation: interleaves with other reads instead of queueing behind them.</summary>
    [Alias("get-snapshot"), ReadOnly]
    Task<CatalogSnapshot> GetSnapshot();
}
