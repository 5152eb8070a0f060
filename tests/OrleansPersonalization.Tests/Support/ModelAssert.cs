using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Support;

public static class ModelAssert
{
    /// <summary>P5's equality: the same k, equal counts, the same neighbours in the same order, similarities equal to 1e-9.</summary>
    public static void Equal(ModelSnapshot expected, ModelSnapshot actual)
    {
        Assert.Equal(expected.MinimumSupport, actual.MinimumSupport);
        Assert.Equal(expected.Contributors, actual.Contributors);
        Assert.Equal(expected.Interactions, actual.Interactions);
        Assert.Equal(expected.ItemCounts, actual.ItemCounts);
        Assert.Equal(expected.Neighbours.Keys.Order(StringComparer.Ordinal), actual.Neighbours.Keys.Order(StringComparer.Ordinal));
        foreach (var (item, neighbours) in expected.Neighbours)
        {
            var served = actual.Neighbours[item];
            Assert.Equal(neighbours.Select(n => n.ItemId), served.Select(n => n.ItemId));
            foreach (var (e, a) in neighbours.Zip(served))
            {
                Assert.True(Math.Abs(e.Similarity - a.Similarity) <= 1e-9, $"{item} → {e.ItemId}: {e.Similarity} vs {a.Similarity}");
            }
        }
    }
}
