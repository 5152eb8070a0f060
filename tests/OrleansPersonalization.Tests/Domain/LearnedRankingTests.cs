using System.Collections.Immutable;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Tests.Domain;

public class LearnedRankingTests
{
    private static readonly RankingWeights Learned = new(0.3, 0.25, 0.1, 0.2, 0.15, "learned");

    [Fact]
    public void A_user_it_learned_from_leaving_drops_the_weights_and_makes_a_retraining_due()
    {
        var ranking = Adopted("a", "b");

        Assert.False(ranking.Forget("stranger"));
        Assert.Same(Learned, ranking.Weights);

        Assert.True(ranking.Forget("a"));
        Assert.Null(ranking.Weights);
        Assert.True(ranking.RetrainDue);
        Assert.Equal(0, ranking.LearnedFromCount);
    }

    [Fact]
    public void A_training_that_learned_from_a_user_who_left_meanwhile_is_discarded()
    {
        var ranking = new LearnedRanking();
        ranking.TrainingStarted();
        ranking.Forget("a");

        Assert.False(ranking.Adopt(Outcome(adopted: true, "a", "b")));
        Assert.Null(ranking.Weights);
        Assert.True(ranking.RetrainDue);
    }

    [Fact]
    public void Weights_that_did_not_beat_the_hand_set_blend_are_not_served_but_the_report_is_kept()
    {
        var ranking = new LearnedRanking();
        ranking.TrainingStarted();

        Assert.False(ranking.Adopt(Outcome(adopted: false, "a")));
        Assert.Null(ranking.Weights);
        Assert.NotNull(ranking.LastReport);
        Assert.False(ranking.LastReport.Adopted);
    }

    private static LearnedRanking Adopted(params string[] users)
    {
        var ranking = new LearnedRanking();
        ranking.TrainingStarted();
        Assert.True(ranking.Adopt(Outcome(adopted: true, users)));
        Assert.Same(Learned, ranking.Weights);
        Assert.Equal(users.Length, ranking.LearnedFromCount);
        return ranking;
    }

    private static RankerOutcome Outcome(bool adopted, params string[] users) =>
        new(Learned, new RankerReport(DateTimeOffset.UnixEpoch, users.Length, 1, 10, 0.4, 0.5, adopted, 1), [.. users]);
}
