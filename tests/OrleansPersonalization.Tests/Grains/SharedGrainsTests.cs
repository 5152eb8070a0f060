using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

public abstract class SharedGrainsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task P5_after_erasure_and_withdrawal_every_silo_serves_a_from_scratch_rebuild_within_1_second()
    {
        var now = fixture.Clock.GetUtcNow();
        var keys = Enumerable.Range(0, 12).Select(_ => NewUserKey()).ToList();
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents([View($"{tag}-{i % 4}", now), View($"{tag}-{i % 5}", now), View($"{tag}-only-{i}", now)]);
        }

        await AssertEverySiloServesARebuild();

        // Four users erase, three withdraw model training.
        await using var watch = ServedModel.WatchSilos(fixture);
        foreach (var key in keys.Take(4))
        {
            await Grains.GetGrain<IUserGrain>(key).Erase(new ErasureCommand(ActorRoles.App, null));
        }

        foreach (var key in keys.Skip(4).Take(3))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: false));
        }

        await watch.AssertEverySiloServedARebuildWithin(watch.Now, ServedModel.UnlearningBound);
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            var served = fixture.SiloService<ModelSnapshotCache>(silo).Current;
            Assert.All(Enumerable.Range(0, 7), i => Assert.False(served.ItemCounts.ContainsKey($"{tag}-only-{i}")));
            Assert.Equal(1, served.ItemCounts[$"{tag}-only-7"]);
        }
    }

    [Fact]
    public async Task The_model_survives_a_restart_of_its_grain_by_rebuilding_from_the_store()
    {
        var key = NewUserKey();
        var item = "restart-" + Guid.NewGuid().ToString("N");
        await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
        await Grains.GetGrain<IUserGrain>(key).RecordEvents([View(item, fixture.Clock.GetUtcNow())]);
        var before = await Grains.GetGrain<IModelGrain>(IModelGrain.Key).GetSnapshot();

        var rebuilt = await Grains.GetGrain<IModelGrain>(IModelGrain.Key).Rebuild(ActorRoles.Admin);

        Assert.Equal(1, rebuilt.ItemCounts[item]);
        Assert.NotEqual(before.Version, rebuilt.Version);
        ModelAssert.Equal(before, rebuilt);
    }

    [Fact]
    public async Task Contributions_and_erasures_made_while_a_rebuild_reads_the_store_are_not_lost()
    {
        var now = fixture.Clock.GetUtcNow();
        var tag = "during-" + Guid.NewGuid().ToString("N")[..8];
        var keys = Enumerable.Range(0, 30).Select(_ => NewUserKey()).ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents([View($"{tag}-shared-{i % 3}", now), View($"{tag}-{i}", now)]);
        }

        var rebuild = Grains.GetGrain<IModelGrain>(IModelGrain.Key).Rebuild(ActorRoles.Admin);
        var changes = keys.Select(async (key, i) =>
        {
            var user = Grains.GetGrain<IUserGrain>(key);
            if (i % 2 == 0)
            {
                await user.Erase(new ErasureCommand(ActorRoles.App, null));
            }
            else
            {
                await user.RecordEvents([View($"{tag}-late-{i}", now)]);
            }
        });
        await Task.WhenAll(changes);
        await rebuild;

        await AssertEverySiloServesARebuild();
        var served = fixture.SiloService<ModelSnapshotCache>().Current;
        Assert.All(Enumerable.Range(0, 30).Where(i => i % 2 == 0), i => Assert.False(served.ItemCounts.ContainsKey($"{tag}-{i}")));
        Assert.All(Enumerable.Range(0, 30).Where(i => i % 2 == 1), i => Assert.Equal(1, served.ItemCounts[$"{tag}-late-{i}"]));
    }

    private async Task AssertEverySiloServesARebuild() => await ServedModel.AssertEverySiloServesARebuild(fixture);

    [Fact]
    public async Task An_erasure_job_erases_every_user_and_returns_one_receipt_each_then_forgets_the_keys()
    {
        var keys = Enumerable.Range(0, 150).Select(_ => NewUserKey()).ToImmutableArray();
        foreach (var key in keys.Take(10))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true));
        }

        var jobId = Guid.NewGuid().ToString("N");
        var job = Grains.GetGrain<IErasureJobGrain>(jobId);
        await job.Start(keys, "test", ActorRoles.Admin);
        ErasureJobStatus? status = null;
        for (var i = 0; i < 300 && status?.State != ErasureJobStatus.Completed; i++)
        {
            await Task.Delay(100);
            status = await job.GetStatus();
        }

        Assert.NotNull(status);
        Assert.Equal(ErasureJobStatus.Completed, status.State);
        Assert.Equal(150, status.Done);
        Assert.Equal(0, status.Failed);
        Assert.Equal(Enumerable.Range(0, 150), status.Receipts.Select(r => r.Index));
        var cells = fixture.Inspector.AllCells();
        Assert.DoesNotContain(cells, c => keys.Any(k => c.Contains(k, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_catalog_versions_every_change_and_hides_removed_items()
    {
        var catalog = Grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var before = await catalog.GetSnapshot();
        await SeedCatalog(Grains, ("cat-a", "jazz"));
        await catalog.Remove("cat-a", ActorRoles.Admin);

        var after = await catalog.GetSnapshot();
        Assert.Equal(before.Version + 2, after.Version);
        Assert.False(after.IsRecommendable("cat-a"));
    }

    [Fact]
    public async Task The_store_is_reported_healthy()
    {
        Assert.True(await Grains.GetGrain<IOperationsGrain>(0).IsStoreHealthy());
        Assert.True(await fixture.SiloService<IStoreHealth>().IsHealthyAsync());
    }
}

public sealed class SharedGrainsTestsOnSqlite(SqliteClusterFixture fixture) : SharedGrainsTests<SqliteClusterFixture>(fixture);

public sealed class SharedGrainsTestsOnPostgres(PostgresClusterFixture fixture) : SharedGrainsTests<PostgresClusterFixture>(fixture);
