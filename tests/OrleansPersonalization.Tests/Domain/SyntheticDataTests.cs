using OrleansPersonalization.Domain.Evaluation;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Tests.Domain;

public class SyntheticDataTests
{
    private static readonly SyntheticOptions Small = new() { Users = 300, Items = 200, Categories = 8, Seed = 3 };
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_gives_the_same_data()
    {
        var catalog = SyntheticData.Catalog(Small);

        Assert.Equal(SyntheticData.Interactions(Small, catalog, End), SyntheticData.Interactions(Small, SyntheticData.Catalog(Small), End));
        Assert.NotEqual(SyntheticData.Interactions(Small, catalog, End), SyntheticData.Interactions(Small with { Seed = 4 }, catalog, End));
    }

    [Fact]
    public void Popularity_follows_a_long_tail_and_users_stay_within_their_tastes()
    {
        var catalog = SyntheticData.Catalog(Small);
        var interactions = SyntheticData.Interactions(Small, catalog, End).ToList();
        var counts = interactions.GroupBy(i => i.ItemId).Select(g => g.Count()).OrderDescending().ToList();
        var categoryOf = catalog.ToDictionary(c => c.ItemId, c => c.Category);

        // The top 10 % of items draw far more than 10 % of the interactions.
        Assert.True(counts.Take(counts.Count / 10).Sum() > 0.3 * interactions.Count);
        // Each user concentrates on few categories (at most 3 tastes plus some exploration).
        var categoriesPerUser = interactions.GroupBy(i => i.UserId).Average(g => g.Select(i => categoryOf[i.ItemId]).Distinct().Count());
        Assert.InRange(categoriesPerUser, 1, 4);
        Assert.All(interactions, i => Assert.InRange(i.At, End.AddDays(-Small.Days), End));
    }

    [Fact]
    public void Interaction_files_round_trip_in_the_u_data_layout()
    {
        var catalog = SyntheticData.Catalog(Small);
        var interactions = SyntheticData.Interactions(Small, catalog, End).Take(50).ToList();
        using var writer = new StringWriter();

        InteractionFile.Write(writer, interactions);
        var read = InteractionFile.Read(new StringReader(writer.ToString())).ToList();

        Assert.Equal(interactions.Select(i => (i.UserId, i.ItemId, i.Rating, i.At.ToUnixTimeSeconds())), read.Select(i => (i.UserId, i.ItemId, i.Rating, i.At.ToUnixTimeSeconds())));
        Assert.Matches(@"^u\d+\ti\d+\t[0-9.]+\t\d+$", writer.ToString().Split('\n')[0].TrimEnd('\r'));
        Assert.Throws<FormatException>(() => InteractionFile.Read(new StringReader("u1 i1 3 100")).ToList());
    }
}
