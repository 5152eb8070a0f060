using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Catalog;

/// <summary>An immutable, versioned view of the catalog that scoring reads without locks.</summary>
[GenerateSerializer, Immutable, Alias("catalog-snapshot")]
public sealed record CatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableSortedDictionary<string, CatalogItem> Items)
{
    public static CatalogSnapshot Empty { get; } = new(0, ImmutableSortedDictionary<string, CatalogItem>.Empty);

    public IReadOnlySet<string> Categories() =>
        Items.Values.Select(i => i.Category).ToHashSet(StringComparer.Ordinal);

    public bool IsRecommendable(string itemId) =>
        Items.TryGetValue(itemId, out var item) && item.Available;
}
