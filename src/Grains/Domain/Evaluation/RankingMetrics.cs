namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>One recommender's offline quality.</summary>
public sealed record EvaluationResult(string Name, double RecallAt20, double NdcgAt10, double CoverageAt10, TimeSpan TrainingTime);

/// <summary>
/// Recall@20 counts the test items found in the top 20, out of at most 20; NDCG@10 rewards finding
/// them early (binary relevance, ideal DCG over min(|test|, 10) hits); coverage@10 is the share of the
/// items that appear in anybody's top 10.
/// </summary>
public static class RankingMetrics
{
    public static EvaluationResult Evaluate(
        IOfflineRecommender recommender, EvaluationSplit split, int itemCount, TimeSpan trainingTime, Action<string, IReadOnlyList<string>>? lists = null)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(split);
        double recall = 0, ndcg = 0;
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var ranked = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var users = split.Test.Keys.Order(StringComparer.Ordinal).ToList();
        Parallel.ForEach(users, user =>
        {
            var top = recommender.Recommend(user, split.HistoryOf(user), 20);
            lock (ranked)
            {
                ranked[user] = top;
            }
        });

        foreach (var user in users)
        {
            var hidden = split.Test[user];
            var top = ranked[user];
            lists?.Invoke(user, top);
            recall += (double)top.Count(hidden.Contains) / Math.Min(hidden.Count, 20);
            var dcg = top.Take(10).Select((item, rank) => hidden.Contains(item) ? 1 / Math.Log2(rank + 2) : 0).Sum();
            var ideal = Enumerable.Range(0, Math.Min(hidden.Count, 10)).Sum(rank => 1 / Math.Log2(rank + 2));
            ndcg += dcg / ideal;
            covered.UnionWith(top.Take(10));
        }

        var count = Math.Max(1, users.Count);
        return new EvaluationResult(recommender.Name, recall / count, ndcg / count, (double)covered.Count / Math.Max(1, itemCount), trainingTime);
    }
}
