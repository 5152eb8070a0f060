namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>Why an item was recommended: <c>similar-to</c> an item, <c>matches-interest</c>, or <c>popular</c>.</summary>
[GenerateSerializer, Immutable, Alias("recommendation-reason")]
public sealed record RecommendationReason(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? ItemId = null,
    [property: Id(2)] string? Category = null)
{
    public const string SimilarTo = "similar-to";
    public const string MatchesInterest = "matches-interest";
    public const string Popular = "popular";
}
