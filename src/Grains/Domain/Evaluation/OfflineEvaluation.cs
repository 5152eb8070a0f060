using System.Collections.Immutable;
using System.Diagnostics;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>The evaluation of every recommender on one split.</summary>
public sealed record EvaluationReport(
    int TrainUsers, int Items, int TrainInteractions, int TestUsers, IReadOnlyList<EvaluationResult> Results,
    RankerOutcome? Ranker, double EaseLambda, ModelOptions Served, IReadOnlyList<string> Tuning)
{
    public EvaluationResult this[string name] => Results.Single(r => r.Name == name);
}

/// <summary>
/// Offline evaluation on one split: the served model (as the cluster would build and serve it), the
/// served model with its learned ranking stage, most-popular, item-kNN over all neighbours and EASE.
/// Hyperparameters are chosen on a validation split carved from the training part (never on the test
/// part); then every model learns from the whole training part and is judged on the test part.
/// </summary>
public static class OfflineEvaluation
{
    public const string Served = "served";
    public const string ServedRanked = "served+ranker";
    public const string MostPopular = "most-popular";
    public const string ItemKnn = "item-knn";
    public const string Ease = "ease";

    public static EvaluationReport Run(
        EvaluationSplit split, IReadOnlyList<CatalogItem>? catalog, ModelOptions options, EvaluationSettings settings,
        Action<string, string, IReadOnlyList<string>>? lists = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var itemIds = split.Items();
        var items = catalog ?? [.. itemIds.Select(id => new CatalogItem(id, "all", [], true))];
        var catalogSnapshot = new CatalogSnapshot(1, items.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));
        var now = split.Train.Values.SelectMany(t => t).Concat(split.Histories.Values.SelectMany(h => h)).Max(i => i.At);
        var tuning = new List<string>();
        var validation = split.Validation(settings.Seed + 1);

        var served = options;
        if (settings.TuneServed)
        {
            served = TuneServedModel(validation, catalogSnapshot, options, settings, itemIds.Count, now, tuning);
        }

        var easeLambda = double.NaN;
        if (!settings.SkipEase)
        {
            var validationItems = new TrainingItems(validation.Train);
            easeLambda = settings.EaseLambdas.MaxBy(lambda =>
            {
                var recall = RankingMetrics.Evaluate(new EaseReference(validationItems, lambda), validation, itemIds.Count, TimeSpan.Zero).RecallAt20;
                tuning.Add(FormattableString.Invariant($"ease lambda {lambda}: validation Recall@20 {recall:0.0000}"));
                return recall;
            });
        }

        var results = new List<EvaluationResult>();
        void Judge(IOfflineRecommender recommender, TimeSpan training) =>
            results.Add(RankingMetrics.Evaluate(recommender, split, itemIds.Count, training, lists is null ? null : (user, top) => lists(recommender.Name, user, top)));

        var watch = Stopwatch.StartNew();
        var model = new ServedRecommender(Served, split.Train, catalogSnapshot, served, settings.MaxEvents, now);
        Judge(model, watch.Elapsed);

        RankerOutcome? ranker = null;
        if (!settings.SkipRanker)
        {
            // The ranking stage learns from the training part only, exactly as it would in the cluster.
            watch.Restart();
            ranker = RankerTrainer.Train(
                [.. split.Train.Select(t => new TrainingUser(t.Key, model.EventsOf(t.Value)))], catalogSnapshot, served, settings.Ranker, now);
            if (ranker?.Learned is { } learned)
            {
                Judge(new ServedRecommender(ServedRanked, split.Train, catalogSnapshot, served, settings.MaxEvents, now) { Model = model.Model with { Ranking = learned } }, watch.Elapsed);
            }
        }

        watch.Restart();
        var training = new TrainingItems(split.Train);
        var countingTime = watch.Elapsed;
        Judge(new MostPopularReference(training), countingTime);
        watch.Restart();
        Judge(new ItemKnnReference(training), countingTime + watch.Elapsed);
        if (!settings.SkipEase)
        {
            watch.Restart();
            Judge(new EaseReference(training, easeLambda), countingTime + watch.Elapsed);
        }

        return new EvaluationReport(
            split.Train.Count, itemIds.Count, split.Train.Values.Sum(t => t.Count), split.Test.Count, results, ranker, easeLambda, served, tuning);
    }

    private static ModelOptions TuneServedModel(
        EvaluationSplit validation, CatalogSnapshot catalog, ModelOptions options, EvaluationSettings settings, int itemCount, DateTimeOffset now, List<string> tuning)
    {
        var best = options;
        var bestRecall = double.MinValue;
        foreach (var lambda in settings.ServedLambdas)
        {
            foreach (var dropout in settings.ServedDropouts)
            {
                var candidate = Copy(options, lambda, dropout);
                var recall = RankingMetrics.Evaluate(
                    new ServedRecommender(Served, validation.Train, catalog, candidate, settings.MaxEvents, now), validation, itemCount, TimeSpan.Zero).RecallAt20;
                tuning.Add(FormattableString.Invariant($"served lambda {lambda} dropout {dropout}: validation Recall@20 {recall:0.0000}"));
                if (recall > bestRecall)
                {
                    (best, bestRecall) = (candidate, recall);
                }
            }
        }

        return best;
    }

    private static ModelOptions Copy(ModelOptions options, double lambda, double dropout) => new()
    {
        MaxContributionItems = options.MaxContributionItems,
        Neighbours = options.Neighbours,
        MinimumSupport = options.MinimumSupport,
        Shrinkage = options.Shrinkage,
        SnapshotIntervalMilliseconds = options.SnapshotIntervalMilliseconds,
        DenseItems = options.DenseItems,
        DenseLambda = lambda,
        DenseDropout = dropout,
        DenseMinimumCount = options.DenseMinimumCount,
        DenseUserWeightExponent = options.DenseUserWeightExponent,
    };
}
