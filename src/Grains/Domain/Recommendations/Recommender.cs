using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>Inputs for one recommendation: what the user grain holds, plus the shared snapshots.</summary>
public sealed record RecommendationInput(
    CatalogSnapshot Catalog,
    ModelSnapshot Model,
    ImmutableArray<BehaviourEvent> Events,
    UserProfile Profile,
    bool PersonalizationGranted,
    int Count,
    string? Category,
    DateTimeOffset Now);

/// <summary>
/// Item-to-item recommendations. A personalized score blends three signals: items similar to what
/// the user recently did (weighted by event type and recency), the user's declared interests, and
/// popularity as a fallback. Without consent, or with level <c>off</c>, only popularity counts. Seen
/// and unavailable items never appear, and an item is only returned with a reason that supports it.
/// </summary>
public static class Recommender
{
    public const double SimilarityWeight = 0.6;
    public const double InterestWeight = 0.25;
    public const double PopularityWeight = 0.15;

    /// <summary>Popular items considered as fallback candidates, beyond the similar and interest ones.</summary>
    private const int PopularCandidates = 200;

    public static bool IsPersonalized(bool personalizationGranted, UserProfile profile) =>
        personalizationGranted && profile?.PersonalizationLevel != PersonalizationLevel.Off;

    public static ImmutableArray<RecommendedItem> Recommend(RecommendationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var personalized = IsPersonalized(input.PersonalizationGranted, input.Profile);
        var seen = BehaviourLog.DistinctItems(input.Events);
        var useBehaviour = personalized && input.Profile.PersonalizationLevel == PersonalizationLevel.Full;
        var (similar, anchors) = useBehaviour ? SimilarToHistory(input.Events, input.Model, input.Now) : ([], []);
        var interests = personalized ? input.Profile.Interests.ToHashSet(StringComparer.Ordinal) : [];

        var candidates = new HashSet<string>(similar.Keys, StringComparer.Ordinal);
        candidates.UnionWith(input.Model.PopularItems().Take(PopularCandidates + seen.Count));
        foreach (var category in interests)
        {
            candidates.UnionWith(input.Catalog.ItemsIn(category));
        }

        if (input.Category is not null)
        {
            // A category filter must be able to return that category's items, popular or not.
            candidates.UnionWith(input.Catalog.ItemsIn(input.Category));
        }

        var maxSimilar = similar.Count == 0 ? 0 : similar.Values.Max();
        var maxCount = input.Model.ItemCounts.IsEmpty ? 0 : input.Model.MaxItemCount();
        var scored = new List<(RecommendedItem Item, long Count)>();
        foreach (var itemId in candidates)
        {
            if (seen.Contains(itemId) || !input.Catalog.Items.TryGetValue(itemId, out var item) || !item.Available
                || (input.Category is not null && item.Category != input.Category))
            {
                continue;
            }

            var count = input.Model.ItemCounts.GetValueOrDefault(itemId);
            var popularity = maxCount > 0 ? (double)count / maxCount : 0;
            var similarity = maxSimilar > 0 ? similar.GetValueOrDefault(itemId) / maxSimilar : 0;
            var interest = interests.Contains(item.Category) ? 1.0 : 0.0;
            var reasons = ImmutableArray.CreateBuilder<RecommendationReason>(3);
            if (similarity > 0)
            {
                reasons.Add(new(RecommendationReason.SimilarTo, ItemId: anchors[itemId]));
            }

            if (interest > 0)
            {
                reasons.Add(new(RecommendationReason.MatchesInterest, Category: item.Category));
            }

            if (count > 0)
            {
                reasons.Add(new(RecommendationReason.Popular));
            }

            if (reasons.Count == 0)
            {
                continue;
            }

            var score = personalized
                ? (SimilarityWeight * similarity) + (InterestWeight * interest) + (PopularityWeight * popularity)
                : popularity;
            scored.Add((new RecommendedItem(itemId, Math.Round(score, 6), reasons.ToImmutable()), count));
        }

        return
        [
            .. scored
                .OrderByDescending(s => s.Item.Score)
                .ThenByDescending(s => s.Count)
                .ThenBy(s => s.Item.ItemId, StringComparer.Ordinal)
                .Take(input.Count)
                .Select(s => s.Item),
        ];
    }

    /// <summary>The served neighbours of an item that are still available.</summary>
    public static ImmutableArray<RecommendedItem> Similar(CatalogSnapshot catalog, ModelSnapshot model, string itemId, int count)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        return
        [
            .. model.NeighboursOf(itemId)
                .Where(n => catalog.IsRecommendable(n.ItemId))
                .Take(count)
                .Select(n => new RecommendedItem(n.ItemId, Math.Round(n.Similarity, 6), [new RecommendationReason(RecommendationReason.SimilarTo, ItemId: itemId)])),
        ];
    }

    /// <summary>Σ over history items of (event weight × similarity), and for each candidate the history item that contributed most.</summary>
    private static (Dictionary<string, double> Scores, Dictionary<string, string> Anchors) SimilarToHistory(
        ImmutableArray<BehaviourEvent> events, ModelSnapshot model, DateTimeOffset now)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            weights[e.ItemId] = weights.GetValueOrDefault(e.ItemId) + SignalWeights.Of(e, now);
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var anchors = new Dictionary<string, string>(StringComparer.Ordinal);
        var best = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (historyItem, weight) in weights.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (weight <= 0)
            {
                continue;
            }

            foreach (var neighbour in model.NeighboursOf(historyItem))
            {
                var contribution = weight * neighbour.Similarity;
                scores[neighbour.ItemId] = scores.GetValueOrDefault(neighbour.ItemId) + contribution;
                if (contribution > best.GetValueOrDefault(neighbour.ItemId))
                {
                    best[neighbour.ItemId] = contribution;
                    anchors[neighbour.ItemId] = historyItem;
                }
            }
        }

        return (scores, anchors);
    }
}
