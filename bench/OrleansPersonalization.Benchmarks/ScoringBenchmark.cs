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

        var model = ModelSnapshot.From(statistics, new ModelOptions(), "bench", now);
        var interests = UserProfile.Default with { Interests = [SyntheticData.CategoryName(0), SyntheticData.CategoryName(1)] };
        foreach (var (name, profile) in new[] { ("no interests", UserProfile.Default), ("two interests", interests) })
        {
            const int runs = 20_000;
            var allocated = 0L;
            var watch = new Stopwatch();
            for (var i = 0; i < 2 * runs; i++)
            {
                if (i == runs)
                {
                    watch.Restart();
                    allocated = GC.GetAllocatedBytesForCurrentThread();
                }

                Recommender.Recommend(new RecommendationInput(catalog, model, histories[i % histories.Count], profile, true, 10, null, now));
            }

            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scoring, {name}: {watch.Elapsed.TotalMicroseconds / runs:N1} µs, {allocated / runs:N0} B allocated per call"));
        }
    }
}
