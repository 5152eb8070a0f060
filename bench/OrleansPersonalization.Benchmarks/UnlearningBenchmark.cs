using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Benchmarks;

/// <summary>
/// The shared model's costs at scale, in one process without a cluster (the grains add a call and a
/// poll around each): contribution changes absorbed per second, the dense solve, each erasure's
/// downdate and snapshot (what the model grain does before the silos can serve the exact model), the
/// changed lists and counts the other silos receive and their replay there, recommendation latency, and memory — each next to a baseline from the
/// same run. Usage: dotnet run -c Release --project bench/OrleansPersonalization.Benchmarks -- --unlearning
///   [--users 100000] [--items 10000] [--categories 100] [--events 15] [--erasures 100]
/// </summary>
internal static class UnlearningBenchmark
{
    public static void Run(int users, int items, int categories, int eventsPerUser, int erasures)
    {
        var options = new ModelOptions();
        var synthetic = new SyntheticOptions { Users = users, Items = items, Categories = categories, MeanSessionsPerUser = eventsPerUser / 5.0, MeanEventsPerSession = 5, Seed = 3 };
        var catalogItems = SyntheticData.Catalog(synthetic);
        var catalog = new CatalogSnapshot(1, catalogItems.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));
        var now = DateTimeOffset.UtcNow;
        var histories = SyntheticData.Interactions(synthetic, catalogItems, now)
            .GroupBy(i => i.UserId)
            .Select(g => g.Take(200).Select(i => new BehaviourEvent(i.ItemId, EventType.View, i.At, null)).ToImmutableArray())
            .ToList();
        var contributions = histories.Select(h => BehaviourLog.ContributionSet(h, options.MaxContributionItems)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{histories.Count} users, {items} items, {histories.Sum(h => h.Length)} events, {contributions.Sum(c => c.Count)} contributed items"));

        // Contribution changes: each user's set grows one item at a time, as events arrive.
        var statistics = new CooccurrenceStatistics();
        var changes = 0L;
        var watch = Stopwatch.StartNew();
        for (var u = 0; u < contributions.Count; u++)
        {
            var set = contributions[u];
            for (var n = 1; n <= set.Count; n++)
            {
                statistics.SetContribution($"u{u}", [.. set.Take(n)]);
                changes++;
            }
        }

        var absorbing = watch.Elapsed;
        // Memory: a second copy of the same statistics, measured on its own.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var copyOfStatistics = new CooccurrenceStatistics();
        for (var u = 0; u < contributions.Count; u++)
        {
            copyOfStatistics.SetContribution($"u{u}", contributions[u]);
        }

        var statisticsBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(copyOfStatistics);
        copyOfStatistics = null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"contribution changes: {changes / absorbing.TotalSeconds:N0} per second on one thread ({absorbing.TotalMicroseconds / changes:N1} µs each; each set sent whole, the counts moved by the difference); {statistics.DistinctPairs:N0} distinct pairs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"integer statistics: {statisticsBytes / 1048576.0:N0} MiB, {statisticsBytes / (double)contributions.Count:N0} B per user, {statisticsBytes / (double)items:N0} B per item"));

        watch.Restart();
        var dense = DenseItemModel.Fit(statistics, options.DenseSettings(), options.MinimumSupport);
        var solve = watch.Elapsed;
        var denseBytes = (dense.Inverse.Length * 8L) + (dense.Counts.Length * 4L);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dense head: {dense.Size} items, solved in {solve.TotalSeconds:N1} s; {denseBytes / 1048576.0:N0} MiB ({denseBytes / (double)dense.Size:N0} B per head item)"));

        watch.Restart();
        var snapshot = ModelSnapshot.From(statistics, options, "bench", now, dense);
        var snapshotBuild = watch.Elapsed;

        // Baseline in the same run: touching n² doubles once, what copying the dense model costs.
        watch.Restart();
        var copy = (double[])dense.Inverse.Clone();
        var copyTime = watch.Elapsed;
        GC.KeepAlive(copy);

        var random = new Random(5);
        var erased = Enumerable.Range(0, contributions.Count).OrderBy(_ => random.Next()).Take(erasures).ToList();
        var downdates = new List<double>();
        var snapshots = new List<double>();
        var replays = new List<double>();
        var deltas = new List<double>();
        var applies = new List<double>();
        var deltaEntries = new List<double>();
        var deltaBytes = new List<double>();
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var wholeBytes = serializer.SerializeToArray(snapshot with { Dense = null }).Length;
        var replicaLists = snapshot with { Dense = null };
        var replica = dense;
        var entered = 0;
        foreach (var u in erased)
        {
            var held = contributions[u];
            statistics.SetContribution($"u{u}", []);
            watch.Restart();
            var change = dense.ChangeFor(held, statistics, options.MinimumSupport);
            dense = dense.Apply(change);
            downdates.Add(watch.Elapsed.TotalMilliseconds);
            entered += change.Entering.Length;
            var previous = snapshot;
            watch.Restart();
            snapshot = ModelSnapshot.From(statistics, options, "bench", now, dense);
            snapshots.Add(watch.Elapsed.TotalMilliseconds);

            // What the other silos receive instead of the snapshot: the lists and counts that changed.
            watch.Restart();
            var delta = ModelDelta.Of(ModelDelta.ChangedItems(previous, snapshot), snapshot);
            deltas.Add(watch.Elapsed.TotalMilliseconds);
            deltaEntries.Add(delta.Entries);
            deltaBytes.Add(serializer.SerializeToArray(delta).Length / 1024.0);
            watch.Restart();
            replicaLists = delta.ApplyTo(replicaLists, snapshot with { Dense = null, Neighbours = replicaLists.Neighbours.Clear(), ItemCounts = replicaLists.ItemCounts.Clear() });
            applies.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            replica = replica.Apply(change);
            replica.ScoringWeights();
            replays.Add(watch.Elapsed.TotalMilliseconds);
        }

        var total = downdates.Zip(snapshots, (d, s) => d + s).Zip(replays, (ds, r) => ds + r)
            .Zip(deltas, (t, d) => t + d).Zip(applies, (t, a) => t + a).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline, copying the dense model once: {copyTime.TotalMilliseconds:N1} ms; a whole snapshot before the first erasure: {snapshotBuild.TotalMilliseconds:N0} ms"));
        Row("erasure: downdate in the model grain", downdates, copyTime.TotalMilliseconds);
        Row("erasure: rest of the snapshot (counts, neighbours)", snapshots, copyTime.TotalMilliseconds);
        Row("erasure: replay on another silo (+ its float weights)", replays, copyTime.TotalMilliseconds);
        Row("erasure: changed lists and counts (model grain)", deltas, copyTime.TotalMilliseconds);
        Row("erasure: applying them on another silo", applies, copyTime.TotalMilliseconds);
        Row("erasure: all of the above, back to back", total, copyTime.TotalMilliseconds);
        var (entries, kib) = (deltaEntries.Order().ToList(), deltaBytes.Order().ToList());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"what another silo receives per erasure besides the dense steps: p50 {entries[entries.Count / 2]:N0} entries, {kib[kib.Count / 2]:N0} KiB; p99 {entries[(int)(entries.Count * 0.99)]:N0} entries, {kib[(int)(kib.Count * 0.99)]:N0} KiB; the whole snapshot without the dense model: {wholeBytes / 1024.0:N0} KiB ({snapshot.Neighbours.Count:N0} lists, {snapshot.ItemCounts.Count:N0} counts)"));
        var sameLists = replicaLists.Neighbours.Count == snapshot.Neighbours.Count
            && snapshot.Neighbours.All(n => replicaLists.Neighbours.TryGetValue(n.Key, out var r) && r.AsSpan().SequenceEqual(n.Value.AsSpan()))
            && replicaLists.ItemCounts.SequenceEqual(snapshot.ItemCounts);
        Console.WriteLine($"lists and counts applied delta by delta equal the model grain's: {sameLists}");

        // The replayed model is the one the grain holds, and both are the from-scratch model.
        watch.Restart();
        var fresh = DenseItemModel.Fit(statistics, options.DenseSettings(), options.MinimumSupport);
        var worst = 0.0;
        var (f, d) = (fresh.Positions(), dense.Positions());
        var sameHead = fresh.ActiveItems().SequenceEqual(dense.ActiveItems());
        foreach (var i in fresh.ActiveItems())
        {
            foreach (var j in fresh.ActiveItems())
            {
                worst = Math.Max(worst, Math.Abs(fresh.Inverse[(f[i] * fresh.Size) + f[j]] - (sameHead ? dense.Inverse[(d[i] * dense.Size) + d[j]] : double.NaN)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after {erasures} erasures ({entered} items moved up into the capped head): same head as a fresh solve {sameHead}, largest difference {worst:E1} (largest entry {fresh.Inverse.Max(Math.Abs):E1}); replica identical: {replica.Inverse.AsSpan().SequenceEqual(dense.Inverse)}"));

        // Recommendation latency on the final model, one thread.
        var index = snapshot.Scoring();
        GC.KeepAlive(index);
        const int runs = 5_000;
        var timings = new List<double>(runs);
        for (var i = 0; i < 2 * runs; i++)
        {
            watch.Restart();
            Recommender.Recommend(new RecommendationInput(catalog, snapshot, histories[i % histories.Count], UserProfile.Default, true, 10, null, now));
            if (i >= runs)
            {
                timings.Add(watch.Elapsed.TotalMicroseconds);
            }
        }

        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recommendation (dense head {dense.Size}): p50 {timings[runs / 2]:N0} µs, p99 {timings[(int)(runs * 0.99)]:N0} µs on one thread"));
    }

    private static void Row(string name, List<double> milliseconds, double baseline)
    {
        var sorted = milliseconds.Order().ToList();
        var p50 = sorted[sorted.Count / 2];
        var p99 = sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-52} p50 {p50,8:N1} ms  p99 {p99,8:N1} ms  ({p50 / baseline:N1}× / {p99 / baseline:N1}× the copy)"));
    }
}
