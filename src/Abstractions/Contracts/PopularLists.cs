using System.Collections.Immutable;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// What a silo would answer somebody it knows nothing about: the most popular available items,
/// overall and per category, from its own copies of the model and the catalog. The API keeps the
/// latest one in memory, so a recommendation whose user grain cannot be reached in time still gets
/// an answer without another grain call.
/// </summary>
[GenerateSerializer, Immutable, Alias("popular-lists")]
public sealed record PopularLists(
    [property: Id(0)] ImmutableArray<RecommendedItem> Overall,
    [property: Id(1)] ImmutableDictionary<string, ImmutableArray<RecommendedItem>> ByCategory,
    [property: Id(2)] string ModelVersion)
{
    /// <summary>Items kept per list: the contract's largest <c>count</c>.</summary>
    public const int Length = 100;

    /// <summary>Categories given their own list; beyond them a category falls back to the overall list's items in it.</summary>
    public const int MaxCategories = 1000;

    public static PopularLists Empty { get; } = new([], ImmutableDictionary<string, ImmutableArray<RecommendedItem>>.Empty, "");
}
