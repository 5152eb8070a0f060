using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Tests.Domain;

public class RankerTrainerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly (IReadOnlyList<TrainingUser> Users, CatalogSnapshot Catalog) Data = Generate();

    [Fact]
    public void It_learns_weights_from_every_behavioural_signal_and_keeps_the_declared_interest_weight_hand_set()
    {
        var outcome = Train(new RankerOptions { MinimumRecallGain = -1 });

        Assert.NotNull(outcome);
        var learned = Assert.IsType<RankingWeights>(outcome.Learned);
        Assert.Equal(RankingWeights.Unranked.Interest, learned.Interest);
        Assert.Equal(1 - learned.Interest, Math.Abs(learned.Similarity) + Math.Abs(learned.Popularity) + Math.Abs(learned.LogPopularity) + Math.Abs(learned.Affinity), 9);
        Assert.True(learned.Similarity > 0, "items similar to the history must count for them");
        Assert.StartsWith("learned", learned.Origin, StringComparison.Ordinal);
        Assert.True(outcome.Report.Examples > outcome.Report.TrainingUsers);
        Assert.Equal(Data.Users.Select(u => u.Key).ToHashSet(), outcome.LearnedFrom.ToHashSet());
    }

    [Fact]
    public void It_is_switched_on_only_when_it_beats_the_hand_set_blend_on_held_out_users()
    {
        var never = Train(new RankerOptions { MinimumRecallGain = 1 });
        var always = Train(new RankerOptions { MinimumRecallGain = -1 });
        var normal = Train(new RankerOptions());

        Assert.Null(never!.Adopted);
        Assert.False(never.Report.Adopted);
        Assert.Same(always!.Learned, always.Adopted);
        var gain = normal!.Report.LearnedRecallAt20 - normal.Report.HandSetRecallAt20;
        Assert.Equal(normal.Adopted is not null, normal.Report.Adopted);
        if (normal.Report.Adopted)
        {
            Assert.True(gain > 0, "adopted without beating the hand-set blend");
        }
    }

    [Fact]
    public void Training_is_deterministic_so_a_from_scratch_retraining_can_be_compared_exactly()
    {
        var first = Train(new RankerOptions());
        var second = RankerTrainer.Train([.. Data.Users.Reverse()], Data.Catalog, new ModelOptions(), new RankerOptions(), Now);

        Assert.Equal(first!.Learned, second!.Learned);
    }

    [Fact]
    public void Too_few_users_train_nothing()
    {
        Assert.Null(RankerTrainer.Train([.. Data.Users.Take(10)], Data.Catalog, new ModelOptions(), new RankerOptions(), Now));
    }

    [Fact]
    public void The_lower_bound_takes_two_standard_errors_off_the_mean_paired_difference()
    {
        Assert.Equal(0.1, RankerTrainer.LowerBound([0.6, 0.6, 0.6], [0.5, 0.5, 0.5]), 12);
        Assert.True(RankerTrainer.LowerBound([1, 0, 1, 0], [0, 1, 0, 0]) < 0);
        Assert.Equal(double.NegativeInfinity, RankerTrainer.LowerBound([1], [0]));
    }

    private static RankerOutcome? Train(RankerOptions options) =>
        RankerTrainer.Train(Data.Users, Data.Catalog, new ModelOptions(), options, Now);

    private static (IReadOnlyList<TrainingUser>, CatalogSnapshot) Generate()
    {
        var synthetic = new SyntheticOptions { Users = 400, Items = 300, Categories = 10, Seed = 5 };
        var catalog = SyntheticData.Catalog(synthetic);
        var users = SyntheticData.Interactions(synthetic, catalog, Now)
            .GroupBy(i => i.UserId)
            .Select(g => new TrainingUser(g.Key, [.. g.Select(i => new BehaviourEvent(i.ItemId, i.Type, i.At, i.Type == EventType.Rating ? i.Rating : null))]))
            .ToList();
        return (users, new CatalogSnapshot(1, catalog.ToImmutableSortedDictionary(i => i.ItemId, i => i, StringComparer.Ordinal)));
    }
}
