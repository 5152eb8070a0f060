using System.Collections.Immutable;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Domain;

public class PopularityModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deltas_between_contribution_sets_name_exactly_what_changed()
    {
        var delta = ContributionDelta.Between(["a", "b"], ["b", "c"]);

        Assert.Equal(["c"], delta.Added.ToArray());
        Assert.Equal(["a"], delta.Removed.ToArray());
        Assert.Equal(0, delta.ContributorChange);
        Assert.Equal(1, ContributionDelta.Between([], ["a"]).ContributorChange);
        Assert.Equal(-1, ContributionDelta.Between(["a"], []).ContributorChange);
        Assert.True(ContributionDelta.Between(["a"], ["a"]).IsEmpty);
    }

    [Fact]
    public void Applying_then_removing_a_contribution_equals_never_having_it()
    {
        ImmutableSortedSet<string> alice = ["a", "b"], bob = ["b", "c"];
        var withBoth = PopularityModel.Empty
            .Apply(ContributionDelta.Between([], alice), Now)
            .Apply(ContributionDelta.Between([], bob), Now);
        var aliceLeft = withBoth.Apply(ContributionDelta.Between(alice, []), Now);
        var rebuilt = PopularityModel.Build([bob], 0, Now);

        Assert.Equal(rebuilt.ItemCounts, aliceLeft.ItemCounts);
        Assert.Equal(rebuilt.Contributors, aliceLeft.Contributors);
        Assert.Equal(2, withBoth.ItemCounts["b"]);
        Assert.Equal(4, withBoth.Interactions);
    }

    [Fact]
    public void Incremental_updates_match_a_rebuild_for_any_sequence_of_changes()
    {
        var random = new Random(7);
        var users = new Dictionary<int, ImmutableSortedSet<string>>();
        var model = PopularityModel.Empty;
        for (var step = 0; step < 500; step++)
        {
            var user = random.Next(20);
            var before = users.GetValueOrDefault(user, []);
            ImmutableSortedSet<string> after = random.Next(5) == 0
                ? []
                : [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"i{random.Next(30)}")];
            model = model.Apply(ContributionDelta.Between(before, after), Now);
            users[user] = after;
        }

        var rebuilt = PopularityModel.Build(users.Values, 0, Now);
        Assert.Equal(rebuilt.ItemCounts, model.ItemCounts);
        Assert.Equal(rebuilt.Contributors, model.Contributors);
    }
}
