using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Tests.Domain;

public class RecommenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static readonly CatalogSnapshot Catalog = new(1, new[]
    {
        Item("jazz-1", "jazz"), Item("jazz-2", "jazz"), Item("jazz-3", "jazz"), Item("jazz-off", "jazz", available: false),
        Item("rock-1", "rock"), Item("rock-2", "rock"), Item("folk-1", "folk"),
    }.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal));

    // rock-1 is the most popular; jazz-1 co-occurs with jazz-2 and jazz-3, and folk-1 with rock-1.
    private static readonly ModelSnapshot Model = Build(
        ["rock-1", "jazz-2"], ["rock-1", "jazz-3", "jazz-off"], ["rock-1", "rock-2", "folk-1"],
        ["jazz-1", "jazz-2"], ["jazz-1", "jazz-3"], ["jazz-1", "jazz-2"], ["rock-1"]);

    [Fact]
    public void Without_consent_only_popular_items_are_returned()
    {
        var items = Recommend([], UserProfile.Default, granted: false);

        Assert.Equal("rock-1", items[0].ItemId);
        Assert.All(items, i => Assert.Equal(new RecommendationReason(RecommendationReason.Popular), Assert.Single(i.Reasons)));
        Assert.False(Recommender.IsPersonalized(false, UserProfile.Default));
    }

    [Fact]
    public void Items_similar_to_recent_behaviour_come_first_with_the_item_they_are_similar_to()
    {
        var items = Recommend([new BehaviourEvent("jazz-1", EventType.Purchase, Now.AddHours(-1))], UserProfile.Default, granted: true);

        Assert.Equal(["jazz-2", "jazz-3"], items.Take(2).Select(i => i.ItemId));
        Assert.Contains(new RecommendationReason(RecommendationReason.SimilarTo, ItemId: "jazz-1"), items[0].Reasons);
        Assert.True(items[0].Score > items[1].Score);
    }

    [Fact]
    public void Recent_and_strong_signals_outweigh_old_and_weak_ones()
    {
        ImmutableArray<BehaviourEvent> events =
        [
            new("rock-2", EventType.View, Now.AddDays(-25)),
            new("jazz-1", EventType.Purchase, Now.AddMinutes(-5)),
        ];

        var items = Recommend(events, UserProfile.Default, granted: true);

        Assert.Equal("jazz-1", items[0].Reasons.First(r => r.Kind == RecommendationReason.SimilarTo).ItemId);
    }

    [Fact]
    public void Seen_and_unavailable_items_are_never_recommended()
    {
        var items = Recommend([new BehaviourEvent("rock-1", EventType.View, Now)], UserProfile.Default, granted: true, count: 100);

        Assert.DoesNotContain(items, i => i.ItemId is "rock-1" or "jazz-off");
    }

    [Fact]
    public void Declared_interests_count_from_level_basic_and_behaviour_only_at_full()
    {
        var basic = new UserProfile { Interests = ["folk"], PersonalizationLevel = PersonalizationLevel.Basic };
        var events = ImmutableArray.Create(new BehaviourEvent("jazz-1", EventType.Purchase, Now));

        var items = Recommend(events, basic, granted: true);

        Assert.Equal("folk-1", items[0].ItemId);
        Assert.Contains(new RecommendationReason(RecommendationReason.MatchesInterest, Category: "folk"), items[0].Reasons);
        Assert.DoesNotContain(items, i => i.Reasons.Any(r => r.Kind == RecommendationReason.SimilarTo));
    }

    [Fact]
    public void Level_off_is_not_personalized()
    {
        var off = new UserProfile { Interests = ["folk"], PersonalizationLevel = PersonalizationLevel.Off };

        Assert.False(Recommender.IsPersonalized(true, off));
        Assert.All(Recommend([], off, granted: true), i => Assert.Equal(RecommendationReason.Popular, Assert.Single(i.Reasons).Kind));
    }

    [Fact]
    public void Every_returned_item_has_a_reason_and_the_count_and_category_are_respected()
    {
        var items = Recommend([], UserProfile.Default, granted: true, count: 2, category: "rock");

        Assert.Equal(["rock-1", "rock-2"], items.Select(i => i.ItemId));
        Assert.All(items, i => Assert.NotEmpty(i.Reasons));
    }

    [Fact]
    public void Similar_items_are_other_available_items_of_the_same_category()
    {
        var similar = Recommender.Similar(Catalog, Model, "jazz-1", 10);

        Assert.Equal(["jazz-2", "jazz-3"], similar.Select(s => s.ItemId));
        Assert.DoesNotContain(Recommender.Similar(Catalog, Model, "rock-1", 10), s => s.ItemId == "jazz-off");
    }

    [Fact]
    public void Candidates_carry_signals_in_the_unit_interval_and_never_a_seen_or_unavailable_item()
    {
        var candidates = Recommender.Candidates(new RecommendationInput(
            Catalog, Model, [new BehaviourEvent("jazz-1", EventType.Purchase, Now)], UserProfile.Default with { Interests = ["folk"] }, true, 10, null, Now));

        Assert.NotEmpty(candidates);
        Assert.DoesNotContain(candidates, c => c.ItemId is "jazz-1" or "jazz-off");
        Assert.All(candidates, c => Assert.All(
            new[] { c.Similarity, c.Interest, c.Popularity, c.LogPopularity, c.Affinity }, v => Assert.InRange(v, 0, 1)));
        Assert.Equal(1, candidates.Single(c => c.ItemId == "jazz-2").Affinity);
        Assert.Equal(1, candidates.Single(c => c.ItemId == "folk-1").Interest);
    }

    [Fact]
    public void Served_ranking_weights_change_the_order()
    {
        // rock-1 is popular; jazz-2 is in the category the user buys from.
        ImmutableArray<BehaviourEvent> events = [new("jazz-3", EventType.Purchase, Now)];
        var tasteOnly = Model with { Ranking = new RankingWeights(0, 0, 0, 0, 1, "test") };
        var popularityOnly = Model with { Ranking = new RankingWeights(0, 0, 1, 0, 0, "test") };

        var byTaste = Recommender.Recommend(new RecommendationInput(Catalog, tasteOnly, events, UserProfile.Default, true, 10, null, Now));
        var byPopularity = Recommender.Recommend(new RecommendationInput(Catalog, popularityOnly, events, UserProfile.Default, true, 10, null, Now));

        Assert.StartsWith("jazz-", byTaste[0].ItemId, StringComparison.Ordinal);
        Assert.Equal("rock-1", byPopularity[0].ItemId);
    }

    [Fact]
    public void The_same_history_in_any_order_gives_the_same_scores_to_the_last_bit()
    {
        ImmutableArray<BehaviourEvent> events =
        [
            new("jazz-1", EventType.View, Now.AddHours(-1)), new("rock-2", EventType.View, Now.AddHours(-1)),
            new("folk-1", EventType.View, Now.AddHours(-1)), new("jazz-3", EventType.View, Now.AddHours(-1)),
        ];

        var forward = Recommend(events, UserProfile.Default, granted: true);
        var backward = Recommend([.. events.Reverse()], UserProfile.Default, granted: true);

        Assert.NotNull(Model.Dense);
        Assert.Equal(forward.Select(i => (i.ItemId, i.Score)), backward.Select(i => (i.ItemId, i.Score)));
    }

    private static ImmutableArray<RecommendedItem> Recommend(
        ImmutableArray<BehaviourEvent> events, UserProfile profile, bool granted, int count = 10, string? category = null) =>
        Recommender.Recommend(new RecommendationInput(Catalog, Model, events, profile, granted, count, category, Now));

    private static ModelSnapshot Build(params string[][] contributions)
    {
        var statistics = new CooccurrenceStatistics();
        for (var i = 0; i < contributions.Length; i++)
        {
            statistics.SetContribution($"u{i}", contributions[i]);
        }

        // One or two users per pair here: these tests are about scoring, not about k.
        return ModelSnapshot.From(statistics, new ModelOptions { MinimumSupport = 1 }, "test", Now);
    }

    private static CatalogItem Item(string id, string category, bool available = true) => new(id, category, [], available);
}
