using System.Collections.Immutable;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Domain;

public sealed class ContributionBatchTests
{
    [Fact]
    public void A_users_newer_set_replaces_the_older_one_and_leavers_come_first()
    {
        var batch = new ContributionBatch();
        batch.Set("u1", ["a"]);
        batch.Set("u2", ["b"]);
        batch.Set("u1", ["a", "c"]);
        batch.Set("u3", ["d"]);
        batch.Set("u3", []);

        var taken = batch.Take();

        Assert.Equal(3, taken.Length);
        Assert.Equal(new ContributionChange("u3", []).UserKey, taken[0].UserKey);
        Assert.True(taken[0].Leaves);
        Assert.Equal(["a", "c"], taken.Single(c => c.UserKey == "u1").Items);
        Assert.Equal(0, batch.Count);
        Assert.Empty(batch.Take());
    }

    [Fact]
    public void Partitions_are_stable_in_range_and_spread_users_evenly()
    {
        Assert.Equal(ContributionPartitions.Of("some-key", 16), ContributionPartitions.Of("some-key", 16));
        Assert.Equal(0, ContributionPartitions.Of("anything", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ContributionPartitions.Of("k", 0));

        var counts = new int[16];
        for (var i = 0; i < 16_000; i++)
        {
            counts[ContributionPartitions.Of(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))), 16)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
    }
}
