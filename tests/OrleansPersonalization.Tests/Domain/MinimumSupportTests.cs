using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Domain;

/// <summary>P5's "published statistics never rest on fewer than k contributors", on the snapshot build.</summary>
public class MinimumSupportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_pair_held_by_k_minus_1_contributors_is_not_a_neighbour_with_k_it_is_and_removing_one_drops_it_again()
    {
        // The served default: the test follows whatever k the product ships with.
        var options = new ModelOptions();
        var k = options.MinimumSupport;
        var statistics = new CooccurrenceStatistics();
        var contributions = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Set(string user, params string[] items)
        {
            statistics.SetContribution(user, items);
            contributions[user] = items;
        }

        // a and b are each held by enough people on their own; only the pair is rare.
        for (var i = 0; i < k; i++)
        {
            Set($"only-a-{i}", "a");
            Set($"only-b-{i}", "b");
        }

        for (var i = 0; i < k - 1; i++)
        {
            Set($"both-{i}", "a", "b");
        }

        var below = Snapshot(statistics, options);
        Assert.Equal(k - 1, statistics.PairCount("a", "b"));
        Assert.Empty(below.NeighboursOf("a"));
        Assert.Empty(below.NeighboursOf("b"));
        Assert.Equal(2 * k - 1, below.ItemCounts["a"]);

        Set("both-last", "a", "b");
        var at = Snapshot(statistics, options);
        var neighbour = Assert.Single(at.NeighboursOf("a"));
        Assert.Equal("b", neighbour.ItemId);
        Assert.Equal(k / ((2.0 * k) + options.Shrinkage), neighbour.Similarity, 12);
        Assert.Equal("a", Assert.Single(at.NeighboursOf("b")).ItemId);
        ModelAssert.Equal(Rebuild(contributions, options), at);

        // Exact unlearning at the threshold: one contributor leaving takes the relation away again.
        Set("both-0");
        var after = Snapshot(statistics, options);
        Assert.Empty(after.NeighboursOf("a"));
        Assert.Empty(after.NeighboursOf("b"));
        ModelAssert.Equal(Rebuild(contributions, options), after);
    }

    [Fact]
    public void Items_held_by_fewer_than_k_contributors_have_no_published_count()
    {
        var options = new ModelOptions { MinimumSupport = 3 };
        var statistics = new CooccurrenceStatistics();
        statistics.SetContribution("u1", ["rare", "common"]);
        statistics.SetContribution("u2", ["rare", "common"]);
        statistics.SetContribution("u3", ["common"]);

        Assert.False(Snapshot(statistics, options).ItemCounts.ContainsKey("rare"));
        Assert.Equal(3, Snapshot(statistics, options).ItemCounts["common"]);

        statistics.SetContribution("u3", ["rare", "common"]);
        Assert.Equal(3, Snapshot(statistics, options).ItemCounts["rare"]);
        Assert.Equal(3, Snapshot(statistics, options).MinimumSupport);
    }

    [Fact]
    public void A_list_is_filled_with_supported_neighbours_even_when_an_unsupported_pair_is_more_similar()
    {
        var options = new ModelOptions { MinimumSupport = 2, Neighbours = 1, Shrinkage = 0 };
        var statistics = new CooccurrenceStatistics();
        statistics.SetContribution("u1", ["a", "rare"]);
        statistics.SetContribution("u2", ["a", "b"]);
        statistics.SetContribution("u3", ["a", "b"]);
        foreach (var user in new[] { "u4", "u5", "u6" })
        {
            statistics.SetContribution(user, ["b"]);
        }

        // Unthresholded, rare (1 / √3) beats b (2 / √15) as a's single neighbour.
        Assert.Equal("rare", Assert.Single(Snapshot(statistics, options, minimumSupport: 1).NeighboursOf("a")).ItemId);
        Assert.Equal("b", Assert.Single(Snapshot(statistics, options).NeighboursOf("a")).ItemId);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_published_count_and_pair_rests_on_at_least_k_contributors_and_no_supported_one_is_lost(int k)
    {
        var random = new Random(k);
        var statistics = new CooccurrenceStatistics();
        for (var user = 0; user < 200; user++)
        {
            statistics.SetContribution($"u{user}", [.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => $"i{(int)Math.Pow(random.Next(1, 60), 1.3)}")]);
        }

        var everything = Snapshot(statistics, new ModelOptions { MinimumSupport = 1, Neighbours = 1_000 });
        var published = Snapshot(statistics, new ModelOptions { MinimumSupport = k, Neighbours = 1_000 });

        Assert.All(published.ItemCounts.Values, count => Assert.True(count >= k));
        Assert.Equal(everything.ItemCounts.Where(c => c.Value >= k).ToArray(), published.ItemCounts.ToArray());
        foreach (var (item, neighbours) in everything.Neighbours)
        {
            var supported = neighbours.Where(n => statistics.PairCount(item, n.ItemId) >= k).ToArray();
            Assert.Equal(supported, published.NeighboursOf(item).ToArray());
        }

        Assert.All(published.Neighbours, list => Assert.NotEmpty(list.Value));
    }

    [Fact]
    public void A_rare_item_shows_nothing_of_what_its_few_contributors_also_used_in_scores_reasons_or_features()
    {
        var options = new ModelOptions { MinimumSupport = 3 };
        var catalog = new CatalogSnapshot(1, new[] { "common-1", "common-2", "rare", "secret" }
            .Select(id => new CatalogItem(id, "music", [], true))
            .ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));
        var statistics = new CooccurrenceStatistics();
        for (var i = 0; i < 4; i++)
        {
            statistics.SetContribution($"common-{i}", ["common-1", "common-2"]);
        }

        // Two people used the rare item, and both also used something nobody else did.
        statistics.SetContribution("rare-1", ["rare", "secret", "common-1"]);
        statistics.SetContribution("rare-2", ["rare", "secret", "common-1"]);
        var model = Snapshot(statistics, options);
        var input = new RecommendationInput(catalog, model, [new BehaviourEvent("rare", EventType.Purchase, Now, null)], UserProfile.Default, true, 10, null, Now);

        var recommended = Recommender.Recommend(input);
        var anonymous = Recommender.Recommend(input with { PersonalizationGranted = false, Events = [] });

        Assert.Empty(Recommender.Similar(catalog, model, "rare", 10));
        Assert.DoesNotContain(Recommender.Similar(catalog, model, "common-1", 10), r => r.ItemId is "rare" or "secret");
        Assert.Equal(["common-1", "common-2"], recommended.Select(r => r.ItemId).Order(StringComparer.Ordinal));
        Assert.All(recommended, r => Assert.Equal(new RecommendationReason(RecommendationReason.Popular), Assert.Single(r.Reasons)));
        Assert.Equal(["common-1", "common-2"], anonymous.Select(r => r.ItemId));
        Assert.All(Recommender.Candidates(input), c => Assert.Equal(0, c.Similarity));
        Assert.DoesNotContain(Recommender.Candidates(input), c => c.ItemId is "rare" or "secret");
    }

    private static ModelSnapshot Snapshot(CooccurrenceStatistics statistics, ModelOptions options, int? minimumSupport = null) =>
        ModelSnapshot.From(statistics, minimumSupport is { } k ? CopyWith(options, k) : options, "v", Now);

    private static ModelOptions CopyWith(ModelOptions options, int minimumSupport) => new()
    {
        MaxContributionItems = options.MaxContributionItems,
        Neighbours = options.Neighbours,
        Shrinkage = options.Shrinkage,
        MinimumSupport = minimumSupport,
    };

    private static ModelSnapshot Rebuild(Dictionary<string, string[]> contributions, ModelOptions options)
    {
        var statistics = new CooccurrenceStatistics();
        foreach (var (user, items) in contributions.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            statistics.SetContribution(user, items);
        }

        return Snapshot(statistics, options);
    }
}
