using System.Collections.Immutable;
using System.Diagnostics;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>One recommender's offline quality.</summary>
public sealed record EvaluationResult(string Name, double RecallAt20, double NdcgAt10, double CoverageAt10, TimeSpan TrainingTime);

/// <summary>The evaluation of every recommender on one split.</summary>
public sealed record EvaluationReport(
    int Users, int Items, int Interactions, int TestUsers, IReadOnlyList<EvaluationResult> Results, RankerOutcome? Ranker, int EaseItems)
{
    public EvaluationResult this[string name] => Results.Single(r => r.Name == name);
}

/// <summary>
/// Offline evaluation: each user's distinct items are split 80/20 at random with a fixed seed; the
/// model learns from the 80 % (exactly as the cluster would from consented behaviour), and each
/// recommender ranks items the user has not interacted with in training. Recall@20 counts the hidden
/// items found in the top 20 (out of at most 20), NDCG@10 rewards finding them early, coverage@10 is
/// the share of the catalog that appears in anybody's top 10.
/// </summary>
public static class OfflineEvaluation
{
    public const string MostPopular = "most-popular";
    public const string ItemItem = "item-item";
    public const string ItemItemLearned = "item-item+ranker";
    public const string Ease = "ease";
    private const int MinItemsToTest = 5;

    public static EvaluationReport Run(
        IReadOnlyList<Interaction> interactions, IReadOnlyList<CatalogItem>? catalog, ModelOptions options, int seed, EvaluationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(options);
        settings ??= new EvaluationSettings();
        var items = catalog ?? [.. interactions.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Select(id => new CatalogItem(id, "all", [], true))];
        var catalogSnapshot = new CatalogSnapshot(1, items.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));
        var now = interactions.Max(i => i.At);

        // Split each user's distinct items 80/20.
        var train = new Dictionary<string, List<Interaction>>(StringComparer.Ordinal);
        var test = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var random = new Random(seed);
        foreach (var user in interactions.GroupBy(i => i.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var distinct = user.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
            var hidden = distinct.Count >= MinItemsToTest ? distinct.Take(distinct.Count / 5).ToHashSet(StringComparer.Ordinal) : [];
            train[user.Key] = [.. user.Where(i => !hidden.Contains(i.ItemId)).OrderBy(i => i.At)];
            if (hidden.Count > 0)
            {
                test[user.Key] = hidden;
            }
        }

        var watch = Stopwatch.StartNew();
        var histories = train.ToDictionary(t => t.Key, t => t.Value.Select(ToEvent).ToImmutableArray(), StringComparer.Ordinal);
        var statistics = new CooccurrenceStatistics();
        foreach (var (user, events) in histories)
        {
            statistics.SetContribution(user, BehaviourLog.ContributionSet(events, options.MaxContributionItems));
        }

        var model = ModelSnapshot.From(statistics, options, "evaluation", now);
        var trainingTime = watch.Elapsed;

        var popular = Evaluate(MostPopular, test, histories, TimeSpan.Zero, items.Count, (_, events, count) =>
            Recommender.Recommend(new RecommendationInput(catalogSnapshot, model, events, UserProfile.Default, false, count, null, now)));
        var itemItem = Evaluate(ItemItem, test, histories, trainingTime, items.Count, (_, events, count) =>
            Recommender.Recommend(new RecommendationInput(catalogSnapshot, model, events, UserProfile.Default, true, count, null, now)));
        List<EvaluationResult> results = [popular, itemItem];

        // The ranking stage learns from the training part only, exactly as it would in the cluster.
        watch.Restart();
        var ranker = RankerTrainer.Train(
            [.. histories.Select(h => new TrainingUser(h.Key, h.Value))], catalogSnapshot, options, settings.Ranker, now);
        var rankerTime = watch.Elapsed;
        if (ranker?.Learned is { } learned)
        {
            var ranked = model with { Ranking = learned };
            results.Add(Evaluate(ItemItemLearned, test, histories, trainingTime + rankerTime, items.Count, (_, events, count) =>
                Recommender.Recommend(new RecommendationInput(catalogSnapshot, ranked, events, UserProfile.Default, true, count, null, now))));
        }

        var easeItems = 0;
        if (settings.EaseItems > 0)
        {
            watch.Restart();
            var ease = EaseModel.Fit([.. histories.Values.Select(e => (IReadOnlyCollection<string>)BehaviourLog.ContributionSet(e, options.MaxContributionItems))], settings.EaseItems, settings.EaseLambda);
            var easeTime = watch.Elapsed;
            easeItems = ease.Items.Count;
            results.Add(Evaluate(Ease, test, histories, easeTime, items.Count, (_, events, count) =>
                [.. ease.Recommend(BehaviourLog.DistinctItems(events), count).Select(id => new RecommendedItem(id, 0, []))]));
        }

        return new EvaluationReport(train.Count, items.Count, interactions.Count, test.Count, results, ranker, easeItems);
    }

    private static EvaluationResult Evaluate(
        string name,
        Dictionary<string, HashSet<string>> test,
        Dictionary<string, ImmutableArray<BehaviourEvent>> histories,
        TimeSpan trainingTime,
        int catalogSize,
        Func<string, ImmutableArray<BehaviourEvent>, int, ImmutableArray<RecommendedItem>> recommend)
    {
        double recall = 0, ndcg = 0;
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (user, hidden) in test)
        {
            var ranked = recommend(user, histories[user], 20).Select(r => r.ItemId).ToList();
            recall += (double)ranked.Count(hidden.Contains) / Math.Min(hidden.Count, 20);
            var dcg = ranked.Take(10).Select((item, rank) => hidden.Contains(item) ? 1 / Math.Log2(rank + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(hidden.Count, 10)).Sum(rank => 1 / Math.Log2(rank + 2));
            ndcg += dcg / ideal;
            covered.UnionWith(ranked.Take(10));
        }

        var users = Math.Max(1, test.Count);
        return new EvaluationResult(name, recall / users, ndcg / users, (double)covered.Count / catalogSize, trainingTime);
    }

    private static BehaviourEvent ToEvent(Interaction interaction) =>
        new(interaction.ItemId, interaction.Type, interaction.At, interaction.Type == EventType.Rating ? interaction.Rating : null);
}
