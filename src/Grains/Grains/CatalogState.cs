using System.Collections.Immutable;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Grains;

[GenerateSerializer, Alias("catalog-state")]
public sealed record CatalogState
{
    [Id(0)] public ImmutableSortedDictionary<string, CatalogItem> Items { get; init; } =
        ImmutableSortedDictionary<string, CatalogItem>.Empty.WithComparers(StringComparer.Ordinal);

    [Id(1)] public long Version { get; init; }
}
