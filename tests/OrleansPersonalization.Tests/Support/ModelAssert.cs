using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Support;

public static class ModelAssert
{
    /// <summary>
    /// P5's equality: the same k, equal counts, the same neighbours in the same order, similarities equal
    /// to 1e-9; the same dense head with equal integer counts, and its inverse equal to 1e-9 (relative
    /// to the largest entry, since a downdate and a fresh solve round differently).
    /// </summary>
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

        Dense(expected.Dense, actual.Dense);
    }

    public static void Dense(DenseItemModel? expected, DenseItemModel? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.ActiveItems(), actual.ActiveItems());
        var worst = 0.0;
        var scale = expected.Inverse.Length == 0 ? 1 : Math.Max(1e-12, expected.Inverse.Max(Math.Abs));
        var e = expected.Positions();
        var a = actual.Positions();
        foreach (var i in expected.ActiveItems())
        {
            foreach (var j in expected.ActiveItems())
            {
                if (expected.PairCount(e[i], e[j]) != actual.PairCount(a[i], a[j]))
                {
                    Assert.Fail($"count of ({i}, {j}): {expected.PairCount(e[i], e[j])} vs {actual.PairCount(a[i], a[j])}");
                }

                worst = Math.Max(worst, Math.Abs(expected.Inverse[(e[i] * expected.Size) + e[j]] - actual.Inverse[(a[i] * actual.Size) + a[j]]));
            }
        }

        Assert.True(worst <= 1e-9 * scale, $"the inverses differ by {worst} (largest entry {scale})");
    }
}
