using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Domain;

public class EaseModelTests
{
    [Fact]
    public void Items_that_go_together_are_recommended_and_held_items_never_are()
    {
        List<IReadOnlyCollection<string>> sets =
        [
            .. Enumerable.Repeat<IReadOnlyCollection<string>>(["a", "b"], 20),
            .. Enumerable.Repeat<IReadOnlyCollection<string>>(["c", "d"], 20),
            .. Enumerable.Repeat<IReadOnlyCollection<string>>(["a", "c"], 2),
        ];

        var model = EaseModel.Fit(sets, maxItems: 10, lambda: 1);

        Assert.Equal("b", model.Recommend(["a"], 1).Single());
        Assert.Equal("d", model.Recommend(["c"], 1).Single());
        Assert.DoesNotContain("a", model.Recommend(["a"], 3));
    }

    [Fact]
    public void It_covers_only_the_most_popular_items_it_is_given_room_for()
    {
        var model = EaseModel.Fit([["a", "b"], ["a", "c"], ["a", "b"]], maxItems: 2, lambda: 1);

        Assert.Equal(["a", "b"], model.Items);
    }
}
