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
    public const double SimilarityWeight = 0.6;
    public const double InterestWeight = 0.25;
    public const double PopularityWeight = 0.15;

    /// <summary>Popular items considered as fallback candidates, beyond the similar and interest ones.</summary>
    private const int PopularCandidates = 100;

    /// <summary>History items (strongest weighted signals first) whose neighbours are scored.</summary>
    private const int HistoryItemsScored = 20;

    public static bool IsPersonalized(bool personalizationGranted, UserProfile profile) =>
        personalizationGranted && profile?.PersonalizationLevel != PersonalizationLevel.Off;

    // Scoring runs on every request inside a busy silo, where tiered compilation can take long to
    // promote it: compile it fully optimized from the first call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ImmutableArray<RecommendedItem> Recommend(RecommendationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var personalized = IsPersonalized(input.PersonalizationGranted, input.Profile);
        var index = input.Model.Scoring();
        var view = index.ViewOf(input.Catalog);
        var scratch = Scratch.For(index.Ids.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in input.Events.IsDefault ? [] : input.Events)
        {
            if (seen.Add(e.ItemId) && index.Positions.TryGetValue(e.ItemId, out var position))
            {
                scratch.MarkSeen(position);
            }
        }

        var useBehaviour = personalized && input.Profile.PersonalizationLevel == PersonalizationLevel.Full;
        var maxSimilar = useBehaviour ? ScoreSimilarToHistory(input.Events, index, scratch, input.Now) : 0;
        var interests = new HashSet<int>();
        if (personalized)
        {
            foreach (var category in input.Profile.Interests)
            {
                if (view.CategoryNumbers.TryGetValue(category, out var number))
                {
                    interests.Add(number);
                }
            }
        }

        var filter = input.Category is null ? -2 : view.CategoryNumbers.GetValueOrDefault(input.Category, -3);
        var best = new PriorityQueue<Candidate, Candidate>(input.Count + 1, CandidateOrder.Worst);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Offer(Candidate candidate)
        {
            best.Enqueue(candidate, candidate);
            if (best.Count > input.Count)
            {
                best.Dequeue();
            }
        }

        // Score every candidate with numbers only; reasons are built for the winners alone.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Consider(int j)
        {
            if (!scratch.MarkConsidered(j) || scratch.IsSeen(j) || !view.Available[j] || (filter != -2 && view.Category[j] != filter))
            {
                return;
            }

            var count = index.Counts[j];
            var similarity = maxSimilar > 0 && scratch.IsScored(j) ? scratch.Score[j] / maxSimilar : 0;
            var interest = interests.Contains(view.Category[j]) ? 1.0 : 0.0;
            var popularity = index.MaxCount > 0 ? (double)count / index.MaxCount : 0;
            var score = personalized
                ? (SimilarityWeight * similarity) + (InterestWeight * interest) + (PopularityWeight * popularity)
                : popularity;
            var anchor = similarity > 0 ? index.Ids[scratch.Anchor[j]] : null;
            Offer(new Candidate(index.Ids[j], Math.Round(score, 6), count, anchor, interest > 0, view.CategoryName[j]));
        }

        foreach (var j in scratch.Touched)
        {
            Consider(j);
        }

        for (var i = 0; i < index.Popular.Length && i < PopularCandidates + seen.Count; i++)
        {
            Consider(index.Popular[i]);
        }

        foreach (var category in personalized ? input.Profile.Interests : [])
        {
            foreach (var itemId in input.Catalog.ItemsIn(category))
            {
                if (index.Positions.TryGetValue(itemId, out var j))
                {
                    Consider(j);
                }
                else if (!seen.Contains(itemId) && input.Catalog.IsRecommendable(itemId) && (input.Category is null || input.Category == category))
                {
                    // Not in the model yet (nobody contributed it): only the declared interest speaks for it.
                    Offer(new Candidate(itemId, Math.Round(InterestWeight, 6), 0, null, true, category));
                }
            }
        }

        if (input.Category is not null && filter >= 0)
        {
            foreach (var itemId in input.Catalog.ItemsIn(input.Category))
            {
                if (index.Positions.TryGetValue(itemId, out var j))
                {
                    Consider(j);
                }
            }
        }

        var winners = new Candidate[best.Count];
        for (var i = winners.Length - 1; i >= 0; i--)
        {
            winners[i] = best.Dequeue();
        }

        return [.. winners.Select(w => new RecommendedItem(w.ItemId, w.Score, Reasons(w)))];
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
    /// Σ over the user's strongest history items of (event weight × similarity) into the scratch
    /// scores, remembering for each candidate the history item that contributed most. Returns the
    /// largest score, for normalization.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ScoreSimilarToHistory(ImmutableArray<BehaviourEvent> events, ScoringIndex index, Scratch scratch, DateTimeOffset now)
    {
        var weights = new Dictionary<int, double>();
        foreach (var e in events)
        {
            if (index.Positions.TryGetValue(e.ItemId, out var position))
            {
                weights[position] = weights.GetValueOrDefault(position) + SignalWeights.Of(e, now);
            }
        }

        // The strongest signals carry the taste; more history items cost time and add little.
        var strongest = weights
            .Where(w => w.Value > 0)
            .OrderByDescending(w => w.Value)
            .ThenBy(w => index.Ids[w.Key], StringComparer.Ordinal)
            .Take(HistoryItemsScored);
        var max = 0.0;
        foreach (var (h, weight) in strongest)
        {
            for (var k = index.Start[h]; k < index.Start[h + 1]; k++)
            {
                var j = index.Neighbour[k];
                var contribution = weight * index.Similarity[k];
                var fresh = scratch.Touch(j);

                // Ties go to the ordinally smaller history item, so the reason does not depend on iteration order.
                if (fresh || contribution > scratch.Best[j]
                    || (contribution == scratch.Best[j] && string.CompareOrdinal(index.Ids[h], index.Ids[scratch.Anchor[j]]) < 0))
                {
                    scratch.Best[j] = contribution;
                    scratch.Anchor[j] = h;
                }

                scratch.Score[j] += contribution;
                max = Math.Max(max, scratch.Score[j]);
            }
        }

        return max;
    }

    private readonly record struct Candidate(string ItemId, double Score, long Count, string? Anchor, bool Interest, string Category);

    /// <summary>Orders candidates worst first (the heap's root is evicted): lower score, then fewer contributors, then the larger id.</summary>
    private sealed class CandidateOrder : IComparer<Candidate>
    {
        public static CandidateOrder Worst { get; } = new();

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Per-thread work arrays sized to the model, reused across requests. Generation stamps mark what
    /// this request touched, so nothing is cleared between requests.
    /// </summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? _current;

        private int[] _scored = [];
        private int[] _seen = [];
        private int[] _considered = [];
        private int _generation;

        public double[] Score { get; private set; } = [];
        public double[] Best { get; private set; } = [];
        public int[] Anchor { get; private set; } = [];
        public List<int> Touched { get; } = [];

        public static Scratch For(int size)
        {
            var scratch = _current ??= new Scratch();
            if (scratch.Score.Length < size)
            {
                scratch.Score = new double[size];
                scratch.Best = new double[size];
                scratch.Anchor = new int[size];
                scratch._scored = new int[size];
                scratch._seen = new int[size];
                scratch._considered = new int[size];
                scratch._generation = 0;
            }

            scratch._generation++;
            scratch.Touched.Clear();
            return scratch;
        }

        /// <summary>Starts a score for this request; true the first time the position is touched.</summary>
        public bool Touch(int j)
        {
            if (_scored[j] == _generation)
            {
                return false;
            }

            _scored[j] = _generation;
            Score[j] = 0;
            Touched.Add(j);
            return true;
        }

        public bool IsScored(int j) => _scored[j] == _generation;

        public void MarkSeen(int j) => _seen[j] = _generation;

        public bool IsSeen(int j) => _seen[j] == _generation;

        /// <summary>True the first time the position is considered in this request.</summary>
        public bool MarkConsidered(int j)
        {
            if (_considered[j] == _generation)
            {
                return false;
            }

            _considered[j] = _generation;
            return true;
        }
    }
}
