using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Benchmarks;

/// <summary>
/// Scoring alone, without a cluster: the model is built in memory from generated behaviour and
/// <see cref="Recommender.Recommend"/> is timed on one thread. Quick to rerun while tuning scoring.
/// Usage: dotnet run -c Release --project bench/OrleansPersonalization.Benchmarks -- --scoring-only [--users 20000] ...
/// </summary>
internal static class ScoringBenchmark
{
    private static readonly int[] WeightsPerItem = [0, 100, 300];

    public static void Run(int users, int items, int categories, int eventsPerUser)
    {
        var synthetic = new SyntheticOptions { Users = users, Items = items, Categories = categories, MeanSessionsPerUser = eventsPerUser / 5.0, MeanEventsPerSession = 5, Seed = 1 };
        var catalogItems = SyntheticData.Catalog(synthetic);
        var catalog = new CatalogSnapshot(1, catalogItems.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));
        var now = DateTimeOffset.UtcNow;
        var histories = SyntheticData.Interactions(synthetic, catalogItems, now)
            .GroupBy(i => i.UserId)
            .Select(g => g.Take(eventsPerUser).Select(i => new BehaviourEvent(i.ItemId, i.Type, i.At, i.Type == EventType.Rating ? i.Rating : null)).ToImmutableArray())
            .ToList();
        var statistics = new CooccurrenceStatistics();
        for (var u = 0; u < histories.Count; u++)
        {
            statistics.SetContribution($"u{u}", BehaviourLog.ContributionSet(histories[u], 50));
        }

        var interests = UserProfile.Default with { Interests = [SyntheticData.CategoryName(0), SyntheticData.CategoryName(1)] };
        var shipped = new ModelOptions();
        var dense = ModelSnapshot.From(statistics, shipped, "bench", now);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dense head: {dense.Dense?.ActiveItems().Count() ?? 0} items; {histories.Average(h => h.Length):N1} events per user"));

        // The cosine model and every weights-per-item setting on the same data, in the same run: the baseline beside the figure.
        var settings = new List<(string Name, ModelSnapshot Model)> { ("cosine neighbours", ModelSnapshot.From(statistics, new ModelOptions { DenseItems = 0 }, "bench", now)) };
        foreach (var perItem in WeightsPerItem.Append(shipped.DenseScoringWeightsPerItem).Distinct())
        {
            var options = new ModelOptions { DenseScoringWeightsPerItem = perItem };
            settings.Add((perItem == 0 ? "dense, all weights" : $"dense, {perItem} weights per item", dense with { Dense = dense.Dense is { } d ? d.WithSettings(options.DenseSettings()) : null }));
        }

        foreach (var (modelName, model) in settings)
        {
            model.Dense?.PrepareScoring();
            Run(modelName, model);
        }

        RowPass(dense);

        // The part of a dense recommendation that reads the weights: one row per held head item.
        void RowPass(ModelSnapshot model)
        {
            if (model.Dense is not { } head)
            {
                return;
            }

            head.PrepareScoring();
            var positions = head.Items.Select((id, d) => (id, d)).ToDictionary(p => p.id, p => p.d, StringComparer.Ordinal);
            var rows = histories.Select(h => h.Select(e => positions.GetValueOrDefault(e.ItemId, -1)).Where(d => d >= 0).Distinct().Order().ToArray()).ToList();
            var scores = new float[head.Size];
            const int runs = 20_000;
            var latencies = new double[runs];
            for (var i = 0; i < 2 * runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                head.Score(rows[i % rows.Count], scores);
                if (i >= runs)
                {
                    latencies[i - runs] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
            }

            Array.Sort(latencies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"of which the row pass over the dense weights ({rows.Average(r => r.Length):N1} head rows per user): p50 {latencies[runs / 2]:N1} µs, p99 {latencies[runs * 99 / 100]:N1} µs"));
        }

        void Run(string modelName, ModelSnapshot model)
        {
            foreach (var (name, profile) in new[] { ("no interests", UserProfile.Default), ("two interests", interests) })
            {
                const int runs = 20_000;
                var latencies = new double[runs];
                var allocated = 0L;
                var collections = 0;
                for (var i = 0; i < 2 * runs; i++)
                {
                    if (i == runs)
                    {
                        allocated = GC.GetAllocatedBytesForCurrentThread();
                        collections = GC.CollectionCount(0);
                    }

                    var started = Stopwatch.GetTimestamp();
                    Recommender.Recommend(new RecommendationInput(catalog, model, histories[i % histories.Count], profile, true, 10, null, now));
                    if (i >= runs)
                    {
                        latencies[i - runs] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                    }
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
                collections = GC.CollectionCount(0) - collections;
                Array.Sort(latencies);

                // The median is the scoring; the mean also carries the collector's pauses, which depend on the whole heap.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"scoring, {modelName}, {name}: p50 {latencies[runs / 2]:N1} µs, p99 {latencies[runs * 99 / 100]:N1} µs, mean {latencies.Average():N1} µs; {allocated / runs:N0} B allocated per call, {collections} gen-0 collections"));
            }
        }
    }
}
