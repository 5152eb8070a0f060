using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Recommendations;

[GenerateSerializer, Immutable, Alias("recommended-item")]
public sealed record RecommendedItem(
    [property: Id(0)] string ItemId,
    [property: Id(1)] double Score,
    [property: Id(2)] ImmutableArray<RecommendationReason> Reasons);

[GenerateSerializer, Immutable, Alias("recommendation-list")]
public sealed record RecommendationList(
    [property: Id(0)] ImmutableArray<RecommendedItem> Items,
    [property: Id(1)] bool Personalized,
    [property: Id(2)] string ModelVersion)
{
    /// <summary>The answer to a category filter the catalog does not know: nothing was computed.</summary>
    public static RecommendationList ForUnknownCategory { get; } = new([], false, "") { UnknownCategory = true };

    [Id(3)] public bool UnknownCategory { get; init; }
}
