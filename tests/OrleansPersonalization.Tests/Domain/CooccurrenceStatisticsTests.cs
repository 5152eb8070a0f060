using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Domain;

public class CooccurrenceStatisticsTests
{
    [Fact]
    public void Counts_items_and_pairs_per_contributor()
    {
        var statistics = new CooccurrenceStatistics();
        statistics.SetContribution("u1", ["a", "b", "c"]);
        statistics.SetContribution("u2", ["b", "c"]);

        Assert.Equal(2, statistics.Contributors);
        Assert.Equal(5, statistics.Interactions);
        Assert.Equal(2, statistics.CountOf("b"));
        Assert.Equal(2, statistics.PairCount("c", "b"));
        Assert.Equal(1, statistics.PairCount("a", "c"));
    }

    [Fact]
    public void Setting_the_same_contribution_twice_changes_nothing()
    {
        var statistics = new CooccurrenceStatistics();

        Assert.True(statistics.SetContribution("u1", ["a", "b"]));
        Assert.False(statistics.SetContribution("u1", ["b", "a"]));
        Assert.False(statistics.SetContribution("u2", []));
        Assert.Equal(1, statistics.PairCount("a", "b"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Any_sequence_of_changes_equals_a_rebuild_over_the_remaining_contributions(int minimumSupport)
    {
        var options = new ModelOptions { MinimumSupport = minimumSupport };
        var random = new Random(11);
        var incremental = new CooccurrenceStatistics();
        var final = new Dictionary<string, string[]>();
        for (var step = 0; step < 2000; step++)
        {
            var user = $"u{random.Next(40)}";
            string[] items = random.Next(6) == 0 ? [] : [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => $"i{random.Next(60)}")];
            incremental.SetContribution(user, items);
            final[user] = items;
        }

        var rebuilt = new CooccurrenceStatistics();
        foreach (var (user, items) in final.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            rebuilt.SetContribution(user, items);
        }

        Assert.Equal(rebuilt.ItemCounts(), incremental.ItemCounts());
        Assert.Equal(rebuilt.Pairs().OrderBy(p => (p.A, p.B)), incremental.Pairs().OrderBy(p => (p.A, p.B)));
        ModelAssert.Equal(ModelSnapshot.From(rebuilt, options, "x", default), ModelSnapshot.From(incremental, options, "y", default));
    }

    [Fact]
    public void Neighbours_are_ranked_by_shrunk_cosine_and_bounded()
    {
        var statistics = new CooccurrenceStatistics();
        statistics.SetContribution("u1", ["a", "b"]);
        statistics.SetContribution("u2", ["a", "b"]);
        statistics.SetContribution("u3", ["a", "c"]);

        var neighbours = ModelSnapshot.From(statistics, new ModelOptions { Neighbours = 1, Shrinkage = 0, MinimumSupport = 1 }, "v", default).NeighboursOf("a");

        var best = Assert.Single(neighbours);
        Assert.Equal("b", best.ItemId);
        Assert.Equal(2 / Math.Sqrt(3 * 2), best.Similarity, 12);
    }

    [Fact]
    public void Removing_everyone_leaves_an_empty_model()
    {
        var statistics = new CooccurrenceStatistics();
        statistics.SetContribution("u1", ["a", "b"]);
        statistics.SetContribution("u1", []);

        Assert.Equal(0, statistics.Contributors);
        Assert.Equal(0, statistics.Interactions);
        Assert.Empty(statistics.ItemCounts());
        Assert.Equal(0, statistics.DistinctPairs);
    }

    [Theory]
    [InlineData(1, 3, 0.0)]
    [InlineData(2, 4, 1.5)]
    [InlineData(3, 20, 0.0)]
    public void Lists_kept_up_to_date_by_the_touched_ones_equal_lists_built_anew(int minimumSupport, int neighbours, double shrinkage)
    {
        var random = new Random(minimumSupport * 31 + neighbours);
        var statistics = new CooccurrenceStatistics();
        for (var step = 0; step < 300; step++)
        {
            // Joins, changes, erasures, and sometimes several of them between two builds; a small
            // catalog, so that lists are full and ties on similarity happen.
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                string[] items = random.Next(6) == 0 ? [] : [.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => $"i{random.Next(18)}")];
                statistics.SetContribution($"u{random.Next(40)}", items);
            }

            var kept = statistics.Neighbours(neighbours, shrinkage, minimumSupport);
            var fresh = new CooccurrenceStatistics().Also(statistics);

            Assert.Equal(Described(fresh.Neighbours(neighbours, shrinkage, minimumSupport)), Described(kept));
        }

        // Other settings rebuild every list.
        var other = statistics.Neighbours(neighbours + 1, shrinkage, minimumSupport);
        Assert.Equal(Described(new CooccurrenceStatistics().Also(statistics).Neighbours(neighbours + 1, shrinkage, minimumSupport)), Described(other));
    }

    private static List<string> Described(System.Collections.Immutable.ImmutableDictionary<string, System.Collections.Immutable.ImmutableArray<Neighbour>> lists) =>
        [.. lists.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}: {string.Join(", ", l.Value.Select(n => $"{n.ItemId} {n.Similarity:R}"))}")];
}

internal static class StatisticsCopies
{
    /// <summary>Sets every contribution of <paramref name="source"/> into these statistics.</summary>
    public static CooccurrenceStatistics Also(this CooccurrenceStatistics target, CooccurrenceStatistics source)
    {
        foreach (var (contributor, items) in source.ContributionsById())
        {
            target.SetContribution(contributor, items);
        }

        return target;
    }
}

