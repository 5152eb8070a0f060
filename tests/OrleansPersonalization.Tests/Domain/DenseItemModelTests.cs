using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Domain;

public class DenseItemModelTests
{
    private static readonly DenseItemSettings WithDropout = new(MaxItems: 1_000, Lambda: 2, MinimumCount: 1, Dropout: 0.66, UserWeightExponent: 0.5);
    private static readonly DenseItemSettings PlainEase = new(MaxItems: 1_000, Lambda: 5, MinimumCount: 1, Dropout: 0);

    [Fact]
    public void The_inverse_times_the_matrix_is_the_identity()
    {
        const int n = 300;
        var random = new Random(3);
        var b = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? 1.0 : 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += b[(i * n) + k] * b[(j * n) + k];
                }

                a[(i * n) + j] = sum;
            }
        }

        AssertInverts(a, n, identityDigits: 9);
    }

    [Fact]
    public void A_sparse_matrix_spanning_several_pivot_blocks_is_inverted_exactly()
    {
        // Sparse rows (many zero factors are skipped) across blocks of 32 pivots, the last one ragged:
        // the Gram matrix of a few items per contributor, as the model builds it, plus a ridge.
        const int n = 203;
        var random = new Random(11);
        var a = new double[n * n];
        for (var user = 0; user < 400; user++)
        {
            var held = Enumerable.Range(0, 4).Select(_ => random.Next(n)).Distinct().ToArray();
            foreach (var i in held)
            {
                foreach (var j in held)
                {
                    a[(i * n) + j] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] += 3;
        }

        AssertInverts(a, n, identityDigits: 10, symmetryDigits: 12);
    }

    /// <summary>A times its computed inverse is the identity (and the inverse symmetric, when asked).</summary>
    private static void AssertInverts(double[] a, int n, int identityDigits, int? symmetryDigits = null)
    {
        var inverse = (double[])a.Clone();
        SymmetricInverse.Invert(inverse, n);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++)
                {
                    sum += a[(i * n) + k] * inverse[(k * n) + j];
                }

                Assert.Equal(i == j ? 1.0 : 0.0, sum, identityDigits);
                if (symmetryDigits is { } digits)
                {
                    Assert.Equal(inverse[(i * n) + j], inverse[(j * n) + i], digits);
                }
            }
        }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SymmetricInverse.Invert([1, 2, 2, 1], 2));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Taking_contributors_out_one_by_one_gives_the_model_fitted_without_them(string name, DenseItemSettings settings)
    {
        Assert.NotNull(name);
        var contributions = Contributions(users: 120, items: 60, seed: 5);
        var statistics = Statistics(contributions);
        var model = DenseItemModel.Fit(statistics, settings, minimumSupport: 3);

        // Forty leave, among them the heaviest: items fall below the threshold and leave the head too.
        foreach (var user in contributions.Keys.OrderByDescending(u => contributions[u].Length).Take(40))
        {
            model = model.Without(contributions[user]);
            statistics.SetContribution(user, []);
        }

        var fresh = DenseItemModel.Fit(statistics, settings, minimumSupport: 3);
        Assert.True(model.ActiveItems().Count() < model.Size, "some items must have fallen below the threshold");
        ModelAssert.Dense(fresh, model);
    }

    [Fact]
    public void With_the_head_at_its_size_cap_items_below_it_move_up_as_contributors_leave_and_the_model_stays_the_fitted_one()
    {
        var contributions = Contributions(users: 150, items: 80, seed: 9);
        var statistics = Statistics(contributions);
        var capped = WithDropout with { MaxItems = 25 };
        var model = DenseItemModel.Fit(statistics, capped, minimumSupport: 2);
        var moved = 0;

        foreach (var user in contributions.Keys.OrderByDescending(u => contributions[u].Length).Take(40))
        {
            statistics.SetContribution(user, []);
            var change = model.ChangeFor(contributions[user], statistics, minimumSupport: 2);
            moved += change.Entering.Length;
            model = model.Apply(change);
            ModelAssert.Dense(DenseItemModel.Fit(statistics, capped, minimumSupport: 2), model);
        }

        Assert.True(moved > 0, "some items must have moved up into the capped head");

        // A replica that applies the same steps to the same lineage holds the same doubles.
        Assert.Equal(40, model.Downdates);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Several_leavers_in_one_downdate_leave_the_fitted_model_and_a_replica_follows(string name, DenseItemSettings settings)
    {
        _ = name;
        var contributions = Contributions(users: 150, items: 80, seed: 11);
        var statistics = Statistics(contributions);
        var capped = settings with { MaxItems = 30 };
        var model = DenseItemModel.Fit(statistics, capped, minimumSupport: 2);
        var replica = model;

        // Three calls' worth of leavers, 1, 7 and 20 at a time, the largest contributors first.
        var leaving = contributions.Keys.OrderByDescending(u => contributions[u].Length).Take(28).ToList();
        foreach (var batch in new[] { leaving[..1], leaving[1..8], leaving[8..] })
        {
            foreach (var user in batch)
            {
                statistics.SetContribution(user, []);
            }

            var change = model.ChangeFor([.. batch.Select(u => (IEnumerable<string>)contributions[u])], statistics, minimumSupport: 2);
            Assert.Equal(batch.Count, 1 + change.AlsoRemoved.Length);
            model = model.Apply(change);
            replica = replica.Apply(change);
            ModelAssert.Dense(DenseItemModel.Fit(statistics, capped, minimumSupport: 2), model);
        }

        Assert.Equal(3, model.Downdates);
        Assert.Equal(model.Inverse, replica.Inverse);
        Assert.Equal(model.Counts, replica.Counts);
    }

    [Fact]
    public void A_replica_applying_the_same_changes_holds_the_same_doubles()
    {
        var contributions = Contributions(users: 100, items: 50, seed: 4);
        var statistics = Statistics(contributions);
        var settings = WithDropout with { MaxItems = 20 };
        var grain = DenseItemModel.Fit(statistics, settings, minimumSupport: 1);
        var replica = grain;
        foreach (var user in contributions.Keys.Take(15))
        {
            statistics.SetContribution(user, []);
            var change = grain.ChangeFor(contributions[user], statistics, minimumSupport: 1);
            grain = grain.Apply(change);
            replica = replica.Apply(change);
        }

        Assert.Equal<string>(grain.Items, replica.Items);
        Assert.Equal(grain.Inverse, replica.Inverse);
        Assert.Equal(grain.Counts, replica.Counts);
    }

    public static TheoryData<string, DenseItemSettings> Settings() => new()
    {
        { "dropout and contributor weights (Woodbury)", WithDropout },
        { "plain EASE (Sherman–Morrison)", PlainEase },
    };

    [Fact]
    public void Items_that_go_together_are_recommended_and_held_items_are_scored_apart()
    {
        var statistics = new CooccurrenceStatistics();
        for (var u = 0; u < 20; u++)
        {
            statistics.SetContribution($"ab{u}", ["a", "b"]);
            statistics.SetContribution($"cd{u}", ["c", "d"]);
        }

        statistics.SetContribution("ac", ["a", "c"]);
        var model = DenseItemModel.Fit(statistics, WithDropout, minimumSupport: 1);
        var p = model.Positions();
        var scores = new double[model.Size];

        model.Score([p["a"]], scores);

        Assert.True(scores[p["b"]] > scores[p["c"]]);
        Assert.True(scores[p["b"]] > scores[p["d"]]);
        Assert.True(model.Weight(p["a"], p["b"]) > 0);
        Assert.Equal(0, model.Weight(p["a"], p["a"]));
        Assert.Equal(20, model.PairCount(p["a"], p["b"]));
    }

    [Fact]
    public void The_head_is_the_most_popular_items_above_the_threshold_in_ordinal_order()
    {
        var statistics = Statistics(new Dictionary<string, string[]>
        {
            ["u1"] = ["x", "y", "z"],
            ["u2"] = ["x", "y"],
            ["u3"] = ["x", "w"],
        });

        Assert.Equal<string>(["x", "y"], DenseItemModel.HeadOf(statistics, WithDropout with { MaxItems = 2 }, minimumSupport: 1));
        Assert.Equal<string>(["x", "y"], DenseItemModel.HeadOf(statistics, WithDropout, minimumSupport: 2));
        Assert.Equal<string>(["x"], DenseItemModel.HeadOf(statistics, WithDropout with { MinimumCount = 3 }, minimumSupport: 1));
    }

    [Fact]
    public void A_contributor_outside_the_head_leaves_it_unchanged()
    {
        var statistics = Statistics(Contributions(users: 30, items: 10, seed: 2));
        var model = DenseItemModel.Fit(statistics, WithDropout, minimumSupport: 1);

        var without = model.Without(["not-an-item"]);

        Assert.Same(model.Inverse, without.Inverse);
        Assert.Equal(model.Lineage, without.Lineage);
        Assert.Equal(model.Downdates + 1, without.Downdates);
    }

    private static Dictionary<string, string[]> Contributions(int users, int items, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, users).ToDictionary(
            u => $"user-{u:000}",
            u => Enumerable.Range(0, 2 + random.Next(u % 7 == 0 ? 30 : 8))
                .Select(_ => $"item-{(int)(items * Math.Pow(random.NextDouble(), 2)):000}")
                .Distinct().ToArray());
    }

    private static CooccurrenceStatistics Statistics(Dictionary<string, string[]> contributions)
    {
        var statistics = new CooccurrenceStatistics();
        foreach (var (user, items) in contributions)
        {
            statistics.SetContribution(user, items);
        }

        return statistics;
    }
}
