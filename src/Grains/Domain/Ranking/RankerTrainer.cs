using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Domain.Ranking;

/// <summary>
/// Trains the ranking stage with ML.NET, away from any request. Each sampled user's distinct items
/// are split 80/20; the item-item model the features come from holds only the 80 % parts of those
/// users (and everything of the users not sampled), so no feature sees a hidden item. For training
/// users, candidates the recommender generates become examples (label: is it one of the user's
/// hidden items), and L-BFGS logistic regression learns how to weigh the behavioural signals. The
/// learned weights are switched on only if, on validation users the training never saw, they find
/// more hidden items in the top 20 than the hand-set blend by more than the noise. A linear model
/// keeps serving a dot product: its weights are extracted and scoring stays in microseconds.
/// </summary>
public static class RankerTrainer
{
    private const int MinDistinctItems = 5;
    private const int NegativesPerPositive = 4;
    private const int MinNegativesPerUser = 10;

    public static RankerOutcome? Train(
        IReadOnlyList<TrainingUser> users,
        CatalogSnapshot catalog,
        ModelOptions modelOptions,
        RankerOptions options,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var shuffled = users.OrderBy(u => u.Key, StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
        var splits = shuffled
            .Select(u => Split(u, random))
            .Where(s => s is not null)
            .Select(s => s!)
            .Take(options.MaxTrainingUsers)
            .ToList();
        if (splits.Count < options.MinTrainingUsers)
        {
            return null;
        }

        // Users not split contribute everything, so the features come from a model close to the served one.
        var split = splits.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var statistics = new CooccurrenceStatistics();
        foreach (var s in splits)
        {
            statistics.SetContribution(s.Key, BehaviourLog.ContributionSet(s.Visible, modelOptions.MaxContributionItems));
        }

        foreach (var user in shuffled.Where(u => !split.Contains(u.Key)))
        {
            statistics.SetContribution(user.Key, BehaviourLog.ContributionSet(user.History, modelOptions.MaxContributionItems));
        }

        var model = ModelSnapshot.From(statistics, modelOptions, "ranker-training", now);
        var validationCount = Math.Max(1, (int)(splits.Count * options.ValidationShare));
        var validation = splits.Take(validationCount).ToList();
        var fit = splits.Skip(validationCount).ToList();

        var examples = new List<Example>();
        foreach (var user in fit)
        {
            var candidates = Recommender.Candidates(Input(user, catalog, model, now));
            var positives = candidates.Where(c => user.Hidden.Contains(c.ItemId)).ToList();
            var negatives = candidates.Where(c => !user.Hidden.Contains(c.ItemId)).ToList();
            var keep = Math.Max(MinNegativesPerUser, NegativesPerPositive * positives.Count);
            examples.AddRange(positives.Select(c => Example.Of(c, label: true)));
            examples.AddRange(negatives.OrderBy(_ => random.Next()).Take(keep).Select(c => Example.Of(c, label: false)));
        }

        var learned = examples.Any(e => e.Label) && examples.Any(e => !e.Label) ? Fit(examples, options.Seed) : null;
        var handSetRecalls = RecallsAt20(validation, catalog, model, now);
        var learnedRecalls = learned is null ? [] : RecallsAt20(validation, catalog, model with { Ranking = learned }, now);
        var handSet = handSetRecalls.Average();
        var learnedRecall = learned is null ? 0 : learnedRecalls.Average();

        // Paired per user, the learned weights must win by more than twice the standard error of the
        // difference (plus the configured margin): a lucky validation sample cannot switch them on.
        var adopted = learned is not null && LowerBound(learnedRecalls, handSetRecalls) > options.MinimumRecallGain;
        var report = new RankerReport(now, fit.Count, validation.Count, examples.Count, handSet, learnedRecall, adopted, watch.Elapsed.TotalMilliseconds);
        return new RankerOutcome(learned, report, [.. shuffled.Select(u => u.Key)]);
    }

    /// <summary>Per user, the share of hidden items found in the top 20 (out of at most 20).</summary>
    public static double[] RecallsAt20(IReadOnlyList<UserSplit> users, CatalogSnapshot catalog, ModelSnapshot model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        return
        [
            .. users.Select(split =>
            {
                var ranked = Recommender.Recommend(Input(split, catalog, model, now) with { Count = 20 });
                return (double)ranked.Count(r => split.Hidden.Contains(r.ItemId)) / Math.Min(split.Hidden.Count, 20);
            }),
        ];
    }

    /// <summary>Mean of the paired differences minus two standard errors: how much better the first is, conservatively.</summary>
    public static double LowerBound(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var differences = first.Zip(second, (a, b) => a - b).ToArray();
        if (differences.Length < 2)
        {
            return double.NegativeInfinity;
        }

        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1);
        return mean - (2 * Math.Sqrt(variance / differences.Length));
    }

    private static RankingWeights Fit(List<Example> examples, int seed)
    {
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(examples);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Example.Label),
            FeatureColumnName = nameof(Example.Features),
            NumberOfThreads = 1,
            L2Regularization = 0.01f,
        });
        var weights = trainer.Fit(data).Model.SubModel.Weights;

        // Declared interests are not in the data users contribute (profiles never leave the user
        // grain), so their weight stays hand-set; the learned weights share the rest, scaled to the
        // hand-set blend's remaining mass so both orders mix the interest signal the same way.
        var handSet = RankingWeights.Unranked;
        var share = 1 - handSet.Interest;
        var norm = weights.Sum(w => Math.Abs((double)w));
        double W(int i) => norm > 0 ? share * weights[i] / norm : 0;
        return new RankingWeights(W(0), handSet.Interest, W(1), W(2), W(3), "learned: ML.NET L-BFGS logistic regression");
    }

    private static RecommendationInput Input(UserSplit split, CatalogSnapshot catalog, ModelSnapshot model, DateTimeOffset now) =>
        new(catalog, model, split.Visible, UserProfile.Default, true, 20, null, now);

    /// <summary>Hides a fifth of the user's distinct items; null when the user has too few to learn from.</summary>
    private static UserSplit? Split(TrainingUser user, Random random)
    {
        var distinct = user.History.Select(e => e.ItemId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (distinct.Count < MinDistinctItems)
        {
            return null;
        }

        var hidden = distinct.OrderBy(_ => random.Next()).Take(distinct.Count / 5).ToImmutableHashSet(StringComparer.Ordinal);
        var visible = user.History.Where(e => !hidden.Contains(e.ItemId)).ToImmutableArray();
        return new UserSplit(user.Key, visible, hidden);
    }

    private sealed class Example
    {
        public bool Label { get; init; }

        [VectorType(4)]
        public float[] Features { get; init; } = [];

        public static Example Of(CandidateFeatures c, bool label) => new()
        {
            Label = label,
            Features = [(float)c.Similarity, (float)c.Popularity, (float)c.LogPopularity, (float)c.Affinity],
        };
    }
}
