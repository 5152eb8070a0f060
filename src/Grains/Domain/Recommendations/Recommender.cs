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
    private const int PopularCandidates = 100;

    /// <summary>History items (strongest weighted signals first) whose neighbours are scored.</summary>
    private const int HistoryItemsScored = 20;

    public static bool IsPersonalized(bool personalizationGranted, UserProfile profile) =>
        personalizationGranted && profile?.PersonalizationLevel != PersonalizationLevel.Off;

    public static ImmutableArray<RecommendedItem> Recommend(RecommendationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var personalized = IsPersonalized(input.PersonalizationGranted, input.Profile);
        var seen = new HashSet<string>(input.Events.IsDefault ? [] : input.Events.Select(e => e.ItemId), StringComparer.Ordinal);
        var useBehaviour = personalized && input.Profile.PersonalizationLevel == PersonalizationLevel.Full;
        var similar = useBehaviour ? SimilarToHistory(input.Events, input.Model, input.Now) : [];
        var interests = personalized ? input.Profile.Interests : [];
        var catalog = input.Catalog.Lookup();
        var counts = input.Model.Counts();
        var maxSimilar = 0.0;
        foreach (var entry in similar.Values)
        {
            maxSimilar = Math.Max(maxSimilar, entry.Score);
        }

        var maxCount = input.Model.MaxItemCount();

        // Score every candidate with numbers only, keep the best few in a heap; reasons are built for the winners alone.
        var best = new PriorityQueue<Candidate, Candidate>(input.Count + 1, CandidateOrder.Worst);
        var considered = new HashSet<string>(StringComparer.Ordinal);
        void Consider(string itemId)
        {
            if (!considered.Add(itemId) || seen.Contains(itemId) || !catalog.TryGetValue(itemId, out var item) || !item.Available
                || (input.Category is not null && item.Category != input.Category))
            {
                return;
            }

            var count = counts.GetValueOrDefault(itemId);
            var similarity = maxSimilar > 0 && similar.TryGetValue(itemId, out var s) ? s.Score / maxSimilar : 0;
            var interest = interests.Contains(item.Category) ? 1.0 : 0.0;
            if (count == 0 && similarity <= 0 && interest == 0)
            {
                return;
            }

            var popularity = maxCount > 0 ? (double)count / maxCount : 0;
            var score = personalized
                ? (SimilarityWeight * similarity) + (InterestWeight * interest) + (PopularityWeight * popularity)
                : popularity;
            var candidate = new Candidate(itemId, Math.Round(score, 6), count, similarity > 0, interest > 0, item.Category);
            best.Enqueue(candidate, candidate);
            if (best.Count > input.Count)
            {
                best.Dequeue();
            }
        }

        foreach (var itemId in similar.Keys)
        {
            Consider(itemId);
        }

        var popular = input.Model.PopularItems();
        for (var i = 0; i < popular.Length && i < PopularCandidates + seen.Count; i++)
        {
            Consider(popular[i]);
        }

        foreach (var category in interests)
        {
            foreach (var itemId in input.Catalog.ItemsIn(category))
            {
                Consider(itemId);
            }
        }

        if (input.Category is not null)
        {
            // A category filter must be able to return that category's items, popular or not.
            foreach (var itemId in input.Catalog.ItemsIn(input.Category))
            {
                Consider(itemId);
            }
        }

        var winners = new Candidate[best.Count];
        for (var i = winners.Length - 1; i >= 0; i--)
        {
            winners[i] = best.Dequeue();
        }

        return [.. winners.Select(w => new RecommendedItem(w.ItemId, w.Score, Reasons(w, similar)))];
    }

    private static ImmutableArray<RecommendationReason> Reasons(Candidate candidate, Dictionary<string, SimilarEntry> similar)
    {
        var reasons = ImmutableArray.CreateBuilder<RecommendationReason>(3);
        if (candidate.Similar)
        {
            reasons.Add(new(RecommendationReason.SimilarTo, ItemId: similar[candidate.ItemId].Anchor));
        }

        if (candidate.Interest)
        {
            reasons.Add(new(RecommendationReason.MatchesInterest, Category: candidate.Category));
        }

        if (candidate.Count > 0)
        {
            reasons.Add(new(RecommendationReason.Popular));
        }

        return reasons.ToImmutable();
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
    private static Dictionary<string, SimilarEntry> SimilarToHistory(ImmutableArray<BehaviourEvent> events, ModelSnapshot model, DateTimeOffset now)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            weights[e.ItemId] = weights.GetValueOrDefault(e.ItemId) + SignalWeights.Of(e, now);
        }

        // The strongest signals carry the taste; more history items cost time and add little.
        var strongest = weights
            .Where(w => w.Value > 0)
            .OrderByDescending(w => w.Value)
            .ThenBy(w => w.Key, StringComparer.Ordinal)
            .Take(HistoryItemsScored);
        var scores = new Dictionary<string, SimilarEntry>(StringComparer.Ordinal);
        foreach (var (historyItem, weight) in strongest)
        {

            foreach (var neighbour in model.NeighboursOf(historyItem))
            {
                var contribution = weight * neighbour.Similarity;
                ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(scores, neighbour.ItemId, out _);
                entry.Score += contribution;

                // Ties go to the ordinally smaller history item, so the reason does not depend on dictionary order.
                if (contribution > entry.Best || (contribution == entry.Best && string.CompareOrdinal(historyItem, entry.Anchor) < 0))
                {
                    entry.Best = contribution;
                    entry.Anchor = historyItem;
                }
            }
        }

        return scores;
    }

    private struct SimilarEntry
    {
        public double Score;
        public double Best;
        public string Anchor;
    }

    private readonly record struct Candidate(string ItemId, double Score, long Count, bool Similar, bool Interest, string Category);

    /// <summary>Orders candidates worst first (the heap's root is evicted): lower score, then fewer contributors, then the larger id.</summary>
    private sealed class CandidateOrder : IComparer<Candidate>
    {
        public static CandidateOrder Worst { get; } = new();

        public int Compare(Candidate x, Candidate y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byCount = x.Count.CompareTo(y.Count);
            return byCount != 0 ? byCount : string.CompareOrdinal(y.ItemId, x.ItemId);
        }
    }
}
