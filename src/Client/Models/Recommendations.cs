namespace OrleansPersonalization.Client.Models;

/// <param name="Reason"><c>degraded</c> when the answer is the popular list because the user's grain did not answer in time.</param>
public sealed record Recommendations(IReadOnlyList<RecommendedItem> Items, bool Personalized, string ModelVersion, string? Reason);

public sealed record RecommendedItem(string ItemId, double Score, IReadOnlyList<RecommendationReason> Reasons);

/// <param name="Kind"><c>similar-to</c> (with <paramref name="ItemId"/>), <c>interest</c> or <c>popular</c> (with <paramref name="Category"/>), ...</param>
public sealed record RecommendationReason(string Kind, string? ItemId, string? Category);

public sealed record SimilarItems(IReadOnlyList<SimilarItem> Items, string ModelVersion);

public sealed record SimilarItem(string ItemId, double Score);
