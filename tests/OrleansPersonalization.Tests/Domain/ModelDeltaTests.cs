using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Domain;

public sealed class ModelDeltaTests
{
    private static readonly ModelOptions Options = new() { DenseItems = 0, MinimumSupport = 2, Neighbours = 4 };

    [Fact]
    public void A_copy_that_applies_the_delta_since_any_recorded_version_equals_the_published_model()
    {
        var random = new Random(17);
        var statistics = new CooccurrenceStatistics();
        var log = new ModelChangeLog();
        var published = ModelSnapshot.Empty;
        var versions = new List<ModelSnapshot>();
        for (var v = 1; v <= 30; v++)
        {
            // Joins, changes and erasures (empty sets), a few per version, over a small catalog so lists overlap.
            for (var c = 0; c < random.Next(1, 6); c++)
            {
                var items = random.Next(5) == 0 ? [] : Enumerable.Range(0, random.Next(1, 7)).Select(_ => $"i{random.Next(15)}").ToArray();
                statistics.SetContribution($"u{random.Next(25)}", items);
            }

            var next = ModelSnapshot.From(statistics, Options, $"e.{v}", DateTimeOffset.UnixEpoch.AddMinutes(v));
            log.Record(next.Version, ModelDelta.ChangedItems(published, next));
            published = next;
            versions.Add(next);
        }

        foreach (var served in versions.Take(versions.Count - 1))
        {
            var delta = log.DeltaFor(served.Version, published);

            Assert.NotNull(delta);
            AssertSameModel(published, delta.ApplyTo(served, Header(published)));
        }
    }

    [Fact]
    public void An_erasure_sends_only_the_lists_and_counts_it_changed()
    {
        var statistics = new CooccurrenceStatistics();
        for (var u = 0; u < 40; u++)
        {
            statistics.SetContribution($"u{u}", [$"i{u % 10}", $"i{(u + 1) % 10}", $"j{u}"]);
        }

        var before = ModelSnapshot.From(statistics, Options, "e.1", DateTimeOffset.UnixEpoch);
        statistics.SetContribution("u3", []);
        var after = ModelSnapshot.From(statistics, Options, "e.2", DateTimeOffset.UnixEpoch);

        var changed = ModelDelta.ChangedItems(before, after).ToHashSet();

        // u3 held i3, i4 and j3 (j3 is below k = 2 already, so it is in no list).
        Assert.Contains("i3", changed);
        Assert.Contains("i4", changed);
        Assert.DoesNotContain("j3", changed);
        Assert.True(changed.Count < before.Neighbours.Count, $"{changed.Count} of {before.Neighbours.Count} lists");
        Assert.Empty(ModelDelta.ChangedItems(after, after));
        AssertSameModel(after, ModelDelta.Of(changed, after).ApplyTo(before, Header(after)));
    }

    [Fact]
    public void A_version_the_log_never_saw_or_has_forgotten_gets_no_delta()
    {
        var statistics = new CooccurrenceStatistics();
        var log = new ModelChangeLog(capacity: 12);
        var published = ModelSnapshot.Empty;
        var versions = new List<string>();
        for (var v = 1; v <= 5; v++)
        {
            statistics.SetContribution($"u{v}", ["a", $"b{v}"]);
            statistics.SetContribution($"w{v}", ["a", $"b{v}"]);
            var next = ModelSnapshot.From(statistics, Options, $"e.{v}", DateTimeOffset.UnixEpoch);
            log.Record(next.Version, ModelDelta.ChangedItems(published, next));
            published = next;
            versions.Add(next.Version);
        }

        Assert.Null(log.DeltaFor("empty", published));
        Assert.Null(log.DeltaFor("other-epoch.4", published));
        // Version n changes a, b_n and every earlier b's list (a's count moved): 20 entries, the 12 newest kept.
        Assert.Null(log.DeltaFor(versions[0], published));
        Assert.NotNull(log.DeltaFor(versions[3], published));

        // A snapshot the log did not record last cannot be the target of a delta.
        Assert.Null(log.DeltaFor(versions[3], ModelSnapshot.From(statistics, Options, "e.9", DateTimeOffset.UnixEpoch)));
    }

    private static ModelSnapshot Header(ModelSnapshot published) => published with
    {
        Neighbours = System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Neighbour>>.Empty,
        ItemCounts = System.Collections.Immutable.ImmutableSortedDictionary<string, long>.Empty,
    };

    private static void AssertSameModel(ModelSnapshot expected, ModelSnapshot actual)
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.Contributors, actual.Contributors);
        Assert.Equal(expected.Interactions, actual.Interactions);
        Assert.Equal(expected.ItemCounts, actual.ItemCounts);
        Assert.Equal(
            expected.Neighbours.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, string.Join(",", n.Value))),
            actual.Neighbours.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, string.Join(",", n.Value))));
        Assert.Equal(string.Join(" ", expected.PopularItems()), string.Join(" ", actual.PopularItems()));
    }
}
