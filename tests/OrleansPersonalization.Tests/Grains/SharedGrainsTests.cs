using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

public abstract class SharedGrainsTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task The_served_model_equals_a_rebuild_over_the_remaining_contributions_after_erasures()
    {
        var now = fixture.Clock.GetUtcNow();
        var keys = Enumerable.Range(0, 12).Select(_ => NewUserKey()).ToList();
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: i % 3 != 0));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents([View($"m-{i % 4}", now), View($"m-{i % 5}", now)]);
        }

        foreach (var key in keys.Take(4))
        {
            await Grains.GetGrain<IUserGrain>(key).Erase(new ErasureCommand(ActorRoles.App, null));
        }

        var served = await Grains.GetGrain<IModelGrain>(IModelGrain.Key).GetModel();
        var contributions = await Task.WhenAll(keys.Skip(4).Select(k => Grains.GetGrain<IUserGrain>(k).GetModelContribution()));
        var expected = PopularityModel.Build(contributions, 0, now);
        Assert.Equal(expected.ItemCounts, served.ItemCounts);
        Assert.Equal(expected.Contributors, served.Contributors);

        var rebuilt = await Grains.GetGrain<IModelRebuilderGrain>(IModelRebuilderGrain.Key).Rebuild(ActorRoles.Admin);
        Assert.Equal(expected.ItemCounts, rebuilt.ItemCounts);
        Assert.True(rebuilt.Version > served.Version);
    }

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
