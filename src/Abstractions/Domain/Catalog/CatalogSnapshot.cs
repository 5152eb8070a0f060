using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Catalog;

/// <summary>An immutable, versioned view of the catalog that scoring reads without locks.</summary>
[GenerateSerializer, Immutable, Alias("catalog-snapshot")]
public sealed record CatalogSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableSortedDictionary<string, CatalogItem> Items)
{
    public static CatalogSnapshot Empty { get; } = new(0, ImmutableSortedDictionary<string, CatalogItem>.Empty);

    [NonSerialized]
    private Dictionary<string, ImmutableArray<string>>? _byCategory;

    [NonSerialized]
    private System.Collections.Frozen.FrozenDictionary<string, CatalogItem>? _lookup;

    /// <summary>The items as a hash lookup (computed once per snapshot).</summary>
    public System.Collections.Frozen.FrozenDictionary<string, CatalogItem> Lookup() =>
        _lookup ??= System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Items, StringComparer.Ordinal);

    public IReadOnlySet<string> Categories() => ByCategory().Keys.ToHashSet(StringComparer.Ordinal);

    public bool HasCategory(string category) => ByCategory().ContainsKey(category);

    /// <summary>The item ids of one category (computed once per snapshot).</summary>
    public ImmutableArray<string> ItemsIn(string category) =>
        ByCategory().TryGetValue(category, out var items) ? items : [];

    private Dictionary<string, ImmutableArray<string>> ByCategory() =>
        _byCategory ??= Items.Values
            .GroupBy(i => i.Category, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.ItemId).ToImmutableArray(), StringComparer.Ordinal);

    public bool IsRecommendable(string itemId) =>
        Lookup().TryGetValue(itemId, out var item) && item.Available;
}
