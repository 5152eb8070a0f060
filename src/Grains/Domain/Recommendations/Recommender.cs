using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
    /// <summary>Popular items considered as fallback candidates, beyond the similar and interest ones.</summary>
    private const int PopularCandidates = 100;

    /// <summary>
    /// Dense candidates taken beyond the requested count and the seen items: every head item is scored,
    /// but only the strongest are weighed in full (an interest or a category filter brings in the rest).
    /// </summary>
    private const int DenseCandidatesBeyondCount = 50;

    /// <summary>History items (strongest weighted signals first) whose neighbours are scored.</summary>
    private const int HistoryItemsScored = 20;

    public static bool IsPersonalized(bool personalizationGranted, UserProfile profile) =>
        personalizationGranted && profile?.PersonalizationLevel != PersonalizationLevel.Off;

    // Scoring runs on every request inside a busy silo, where tiered compilation can take long to
    // promote it: compile it fully optimized from the first call.
    public static ImmutableArray<RecommendedItem> Recommend(RecommendationInput input) => Run(input, null);

    /// <summary>
    /// Every candidate the recommender would weigh for this input, with its signals: what a ranking
    /// stage learns from. Same candidate generation and filtering as <see cref="Recommend"/>.
    /// </summary>
    public static IReadOnlyList<CandidateFeatures> Candidates(RecommendationInput input)
    {
        var candidates = new List<CandidateFeatures>();
        Run(input, candidates);
        return candidates;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ImmutableArray<RecommendedItem> Run(RecommendationInput input, List<CandidateFeatures>? sink)
    {
        ArgumentNullException.ThrowIfNull(input);
        var personalized = IsPersonalized(input.PersonalizationGranted, input.Profile);
        var index = input.Model.Scoring();
        var view = index.ViewOf(input.Catalog);
        var scratch = ScoringScratch.For(index.Ids.Length);
        var events = input.Events.IsDefault ? [] : input.Events;

        // Seen items outside the model are rare (nobody contributed them yet): a set only for those.
        HashSet<string>? seenOutsideModel = null;
        var seenCount = 0;
        foreach (var e in events)
        {
            if (index.Positions.TryGetValue(e.ItemId, out var position))
            {
                seenCount += scratch.MarkSeen(position) ? 1 : 0;
            }
            else
            {
                (seenOutsideModel ??= new(StringComparer.Ordinal)).Add(e.ItemId);
            }
        }

        var useBehaviour = personalized && input.Profile.PersonalizationLevel == PersonalizationLevel.Full;
        var denseScores = useBehaviour && index.Dense is not null ? scratch.DenseScores(index.Dense.Size) : null;
        var maxSimilar = !useBehaviour ? 0
            : index.Dense is { } dense ? ScoreWithDenseModel(events, index, dense, scratch, input.Now, input.Count + seenCount + DenseCandidatesBeyondCount)
            : ScoreSimilarToHistory(events, index, scratch, input.Now);
        var affinity = scratch.Affinity(view.CategoryNames.Length);
        var maxAffinity = useBehaviour ? CategoryAffinity(scratch, view, affinity) : 0;
        Span<int> interests = stackalloc int[personalized ? input.Profile.Interests.Length : 0];
        var interestCount = 0;
        foreach (var category in personalized ? input.Profile.Interests : [])
        {
            if (view.CategoryNumbers.TryGetValue(category, out var number))
            {
                interests[interestCount++] = number;
            }
        }

        interests = interests[..interestCount];
        var filter = input.Category is null ? -2 : view.CategoryNumbers.GetValueOrDefault(input.Category, -3);
        var best = new TopN(input.Count);
        var weights = personalized ? input.Model.Ranking ?? RankingWeights.HandSetFor(input.Model.Dense is { Size: > 0 }) : RankingWeights.PopularityOnly;

        foreach (var j in scratch.Touched)
        {
            Consider(j, interests);
        }

        for (var i = 0; i < index.Popular.Length && i < PopularCandidates + seenCount; i++)
        {
            Consider(index.Popular[i], interests);
        }

        foreach (var number in interests)
        {
            if (filter != -2 && filter != number)
            {
                continue;
            }

            foreach (var j in view.PositionsIn(number))
            {
                Consider(j, interests);
            }

            foreach (var itemId in view.OutsideModelIn(number))
            {
                if (seenOutsideModel?.Contains(itemId) != true)
                {
                    // Not in the model yet (nobody contributed it): only the interest and the taste for its category speak for it.
                    var taste = maxAffinity > 0 ? affinity[number] / maxAffinity : 0;
                    sink?.Add(new CandidateFeatures(itemId, 0, 1, 0, 0, taste));
                    best.Offer(new Candidate(itemId, Math.Round(weights.Score(0, 1, 0, 0, taste), 6), 0, null, true, view.CategoryNames[number]));
                }
            }
        }

        if (filter >= 0)
        {
            foreach (var j in view.PositionsIn(filter))
            {
                Consider(j, interests);
            }
        }

        // Score every candidate with numbers only; strings and reasons are touched for contenders alone.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Consider(int j, ReadOnlySpan<int> interests)
        {
            ref readonly var facts = ref view.Facts[j];
            if (!facts.Available || (filter != -2 && facts.Category != filter) || !scratch.MarkConsidered(j) || scratch.IsSeen(j))
            {
                return;
            }

            var count = facts.Count;
            var similarity = maxSimilar <= 0 ? 0
                : denseScores is not null ? Math.Max(0, index.DensePosition[j] is var d and >= 0 ? denseScores[d] / maxSimilar : 0)
                : scratch.IsScored(j) ? scratch[j].Score / maxSimilar : 0;
            var interest = interests.Contains(facts.Category) ? 1.0 : 0.0;
            var taste = maxAffinity > 0 && facts.Category >= 0 ? affinity[facts.Category] / maxAffinity : 0;
            var score = Math.Round(weights.Score(similarity, interest, facts.Popularity, facts.LogPopularity, taste), 6);
            sink?.Add(new CandidateFeatures(index.Ids[j], similarity, interest, facts.Popularity, facts.LogPopularity, taste));
            if (best.Rejects(score, count, index.Ids[j]))
            {
                return;
            }

            var anchor = similarity > 0 && scratch[j].Anchor >= 0 ? index.Ids[scratch[j].Anchor] : null;
            var denseAnchorOf = similarity > 0 && anchor is null && index.Dense is not null ? index.DensePosition[j] : -1;
            best.Offer(new Candidate(index.Ids[j], score, count, anchor, interest > 0, view.CategoryName[j], denseAnchorOf));
        }

        // The dense model scores every head item at once; which history item a reason names is only
        // worked out for the winners.
        return [.. best.BestFirst().Select(w => new RecommendedItem(w.ItemId, w.Score, Reasons(
            w.DenseAnchorOf >= 0 && index.Dense is { } dense ? w with { Anchor = DenseAnchor(dense, index, scratch, w.DenseAnchorOf, input.Model.MinimumSupport) } : w)))];
    }

    /// <summary>
    /// The history item with the largest weight for candidate <paramref name="d"/> among those that at
    /// least k contributors hold together with it, so a similar-to reason never rests on fewer; ties go
    /// to the ordinally smaller id.
    /// </summary>
    private static string? DenseAnchor(DenseItemModel dense, ScoringIndex index, ScoringScratch scratch, int d, int minimumSupport)
    {
        var history = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch.DenseHistory);
        Span<double> weights = history.Length <= 256 ? stackalloc double[history.Length] : new double[history.Length];
        Span<int> pairCounts = history.Length <= 256 ? stackalloc int[history.Length] : new int[history.Length];
        dense.ColumnOf(d, history, weights, pairCounts);
        string? anchor = null;
        var best = 0.0;
        for (var r = 0; r < history.Length; r++)
        {
            if (pairCounts[r] < minimumSupport)
            {
                continue;
            }

            var weight = weights[r];
            if (weight > best || (weight == best && weight > 0 && string.CompareOrdinal(dense.Items[history[r]], anchor) < 0))
            {
                (best, anchor) = (weight, dense.Items[history[r]]);
            }
        }

        return anchor is not null && index.Positions.ContainsKey(anchor) ? anchor : null;
    }

    /// <summary>
    /// Scores every head item with the dense model for the user's positive history (each held item
    /// counts once, as in training) into the scratch. Returns the largest score, for normalization.
    /// Leaves every positive signal in the scratch, for the category affinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ScoreWithDenseModel(ImmutableArray<BehaviourEvent> events, ScoringIndex index, DenseItemModel dense, ScoringScratch scratch, DateTimeOffset now, int candidates)
    {
        foreach (var e in events)
        {
            if (index.Positions.TryGetValue(e.ItemId, out var position))
            {
                scratch.AddSignal(position, SignalWeights.Of(e, now));
            }
        }

        scratch.Signals.RemoveAll(h => scratch[h].Signal <= 0);
        foreach (var h in scratch.Signals)
        {
            if (index.DensePosition[h] is var d and >= 0)
            {
                scratch.DenseHistory.Add(d);
            }
        }

        if (scratch.DenseHistory.Count == 0)
        {
            return 0;
        }

        // Float sums depend on their order: in position order the same items always give the same scores.
        scratch.DenseHistory.Sort();

        var scores = scratch.DenseScores(dense.Size);
        dense.Score(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch.DenseHistory), scores);
        // The strongest candidates by a radix select on the scores' bits: O(n), where a heap of the
        // best was O(n·log c) and most of a request's time. Ties at the threshold go to lower positions.
        var keys = scratch.DenseKeys(dense.Size);
        var threshold = Math.Max(1u, Domain.Model.RadixSelect.KthLargestScore(scores.AsSpan(0, keys.Length), keys, candidates, out var max));
        if (max <= 0)
        {
            return 0;
        }

        var taken = 0;
        for (var d = 0; d < keys.Length && taken < candidates; d++)
        {
            if (keys[d] > threshold)
            {
                taken += TouchDense(d) ? 1 : 0;
            }
        }

        for (var d = 0; d < keys.Length && taken < candidates; d++)
        {
            if (keys[d] == threshold)
            {
                taken += TouchDense(d) ? 1 : 0;
            }
        }

        bool TouchDense(int d)
        {
            if (index.IndexPosition[d] is not (var j and >= 0))
            {
                return false;
            }

            scratch.Touch(j);
            ref var slot = ref scratch[j];
            slot.Score = scores[d];
            slot.Anchor = -1;
            return true;
        }

        return max;
    }

    private static ImmutableArray<RecommendationReason> Reasons(Candidate candidate)
    {
        var reasons = ImmutableArray.CreateBuilder<RecommendationReason>(3);
        if (candidate.Anchor is not null)
        {
            reasons.Add(new(RecommendationReason.SimilarTo, ItemId: candidate.Anchor));
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

    /// <summary>
    /// The user's taste by category: the summed positive signals of the history items in each
    /// category, into <paramref name="affinity"/>. Returns the largest, for normalization.
    /// </summary>
    private static double CategoryAffinity(ScoringScratch scratch, CatalogView view, double[] affinity)
    {
        var max = 0.0;
        foreach (var h in scratch.Signals)
        {
            var category = view.Facts[h].Category;
            if (category >= 0)
            {
                affinity[category] += scratch[h].Signal;
                max = Math.Max(max, affinity[category]);
            }
        }

        return max;
    }

    /// <summary>
    /// Σ over the user's strongest history items of (event weight × similarity) into the scratch
    /// scores, remembering for each candidate the history item that contributed most. Returns the
    /// largest score, for normalization. Leaves every positive signal in the scratch, strongest first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ScoreSimilarToHistory(ImmutableArray<BehaviourEvent> events, ScoringIndex index, ScoringScratch scratch, DateTimeOffset now)
    {
        foreach (var e in events)
        {
            if (index.Positions.TryGetValue(e.ItemId, out var position))
            {
                scratch.AddSignal(position, SignalWeights.Of(e, now));
            }
        }

        // The strongest signals carry the taste; more history items cost time and add little.
        var signals = scratch.Signals;
        signals.RemoveAll(h => scratch[h].Signal <= 0);
        signals.Sort((x, y) =>
        {
            var byWeight = scratch[y].Signal.CompareTo(scratch[x].Signal);
            return byWeight != 0 ? byWeight : string.CompareOrdinal(index.Ids[x], index.Ids[y]);
        });
        var max = 0.0;
        for (var s = 0; s < signals.Count && s < HistoryItemsScored; s++)
        {
            var h = signals[s];
            var weight = scratch[h].Signal;
            for (var k = index.Start[h]; k < index.Start[h + 1]; k++)
            {
                var j = index.Neighbour[k];
                var contribution = weight * index.Similarity[k];
                var fresh = scratch.Touch(j);
                ref var slot = ref scratch[j];

                // Ties go to the ordinally smaller history item, so the reason does not depend on iteration order.
                if (fresh || contribution > slot.Best
                    || (contribution == slot.Best && string.CompareOrdinal(index.Ids[h], index.Ids[slot.Anchor]) < 0))
                {
                    slot.Best = contribution;
                    slot.Anchor = h;
                }

                slot.Score += contribution;
                max = Math.Max(max, slot.Score);
            }
        }

        return max;
    }
}
