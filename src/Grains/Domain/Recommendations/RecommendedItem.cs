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
    [property: Id(2)] string ModelVersion);
