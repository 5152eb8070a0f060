using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Catalog;

[GenerateSerializer, Immutable, Alias("catalog-item")]
public sealed record CatalogItem(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string Category,
    [property: Id(2)] ImmutableArray<string> Tags,
    [property: Id(3)] bool Available);
