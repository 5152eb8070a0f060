using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

/// <summary>P5 under a threshold: the served model is the from-scratch one, and nothing in it rests on fewer than k.</summary>
public abstract class MinimumSupportGrainsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : MinimumSupportClusterFixture
{
    private const int K = MinimumSupportClusterFixture.K;

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task P5_under_minimum_support_every_silo_serves_a_from_scratch_rebuild_and_relations_leave_with_the_kth_contributor()
    {
        var now = fixture.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (a, b, x, y, rare, secret) = ($"{tag}-a", $"{tag}-b", $"{tag}-x", $"{tag}-y", $"{tag}-rare", $"{tag}-secret");
        var keys = Enumerable.Range(0, K + 3).Select(_ => NewUserKey()).ToList();

        // a–b: K + 1 contributors; x–y: exactly K; rare–secret: K - 1, who also used a.
        var histories = keys.Select((_, i) => new List<string>()).ToList();
        for (var i = 0; i <= K; i++)
        {
            histories[i].AddRange([a, b]);
        }

        for (var i = 0; i < K; i++)
        {
            histories[i].AddRange([x, y]);
        }

        for (var i = K + 1; i < K + 1 + (K - 1); i++)
        {
            histories[i].AddRange([rare, secret, a]);
        }

        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents([.. histories[i].Select(item => View(item, now))]);
        }

        await AssertEverySiloServesARebuildUnderK();
        AssertEverySilo(served =>
        {
            Assert.Contains(served.NeighboursOf(a), n => n.ItemId == b);
            Assert.Contains(served.NeighboursOf(x), n => n.ItemId == y);
            Assert.False(served.ItemCounts.ContainsKey(rare));
            Assert.False(served.ItemCounts.ContainsKey(secret));
            Assert.Empty(served.NeighboursOf(rare));
            Assert.DoesNotContain(served.NeighboursOf(a), n => n.ItemId == rare || n.ItemId == secret);
        });

        // User 0 erases: x–y falls to K - 1 and goes; a–b keeps K. User 1 withdraws: a–b goes too.
        await using (var watch = ServedModel.WatchSilos(fixture))
        {
            await Grains.GetGrain<IUserGrain>(keys[0]).Erase(new ErasureCommand(ActorRoles.App, null));
            AssertUnderK(await watch.AssertEverySiloServedARebuildWithin(watch.Now, ServedModel.UnlearningBound));
        }

        AssertEverySilo(served =>
        {
            Assert.Contains(served.NeighboursOf(a), n => n.ItemId == b);
            Assert.Empty(served.NeighboursOf(x));
            Assert.False(served.ItemCounts.ContainsKey(x));
        });

        await using (var watch = ServedModel.WatchSilos(fixture))
        {
            await Grains.GetGrain<IUserGrain>(keys[1]).SetConsent(Consent(personalization: true, modelTraining: false));
            AssertUnderK(await watch.AssertEverySiloServedARebuildWithin(watch.Now, ServedModel.UnlearningBound));
        }

        AssertEverySilo(served => Assert.DoesNotContain(served.NeighboursOf(a), n => n.ItemId == b));
    }

    /// <summary>The P5 equality, plus: every count and every neighbour pair served rests on at least K contributors.</summary>
    private async Task AssertEverySiloServesARebuildUnderK() => AssertUnderK(await ServedModel.AssertEverySiloServesARebuild(fixture));

    private void AssertUnderK(OrleansPersonalization.Domain.Model.CooccurrenceStatistics statistics) =>
        AssertEverySilo(served =>
        {
            Assert.Equal(K, served.MinimumSupport);
            Assert.All(served.ItemCounts.Values, count => Assert.True(count >= K));
            Assert.All(served.Neighbours, list => Assert.All(list.Value, n => Assert.True(statistics.PairCount(list.Key, n.ItemId) >= K)));
        });

    private void AssertEverySilo(Action<OrleansPersonalization.Domain.Model.ModelSnapshot> check)
    {
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            check(fixture.SiloService<ModelSnapshotCache>(silo).Current);
        }
    }
}

public sealed class MinimumSupportGrainsTestsOnSqlite(SqliteMinimumSupportClusterFixture fixture)
    : MinimumSupportGrainsTests<SqliteMinimumSupportClusterFixture>(fixture);

public sealed class MinimumSupportGrainsTestsOnPostgres(PostgresMinimumSupportClusterFixture fixture)
    : MinimumSupportGrainsTests<PostgresMinimumSupportClusterFixture>(fixture);
