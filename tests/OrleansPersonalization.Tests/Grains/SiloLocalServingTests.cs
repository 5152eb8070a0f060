using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

/// <summary>
/// Requests are answered from each silo's copies of the model and the catalog, and contribution
/// changes reach the model through partitions: no request waits on the one model or catalog activation.
/// </summary>
public abstract class SiloLocalServingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Recommendations_and_similar_items_call_neither_the_catalog_grain_nor_the_model_grain()
    {
        var tag = "local-" + Guid.NewGuid().ToString("N")[..8];
        await SeedCatalog(Grains, ($"{tag}-1", tag), ($"{tag}-2", tag), ($"{tag}-3", tag));
        var now = fixture.Clock.GetUtcNow();
        var users = Enumerable.Range(0, 6).Select(_ => NewUserKey()).ToList();
        foreach (var (key, u) in users.Select((k, u) => (k, u)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents(u < 4 ? [View($"{tag}-1", now), View($"{tag}-2", now)] : [View($"{tag}-1", now), View($"{tag}-2", now), View($"{tag}-3", now)]);
        }

        await ServedModel.AssertEverySiloServesARebuild(fixture);
        await CatalogCopiesAreCurrent();
        var before = CallsToSharedGrains();

        foreach (var key in users.Take(4))
        {
            var list = await Grains.GetGrain<IUserGrain>(key).Recommend(5, null);
            Assert.Contains(list.Items, i => i.ItemId == $"{tag}-3");
            Assert.True((await Grains.GetGrain<IUserGrain>(key).Recommend(5, tag)).Items.Length > 0);
            Assert.True((await Grains.GetGrain<IUserGrain>(key).Recommend(5, "no-such-category")).UnknownCategory);
        }

        var similar = await Grains.GetGrain<IServingGrain>(IServingGrain.Key).Similar($"{tag}-1", 5);
        Assert.Equal($"{tag}-2", similar!.Items[0].ItemId);
        Assert.Null(await Grains.GetGrain<IServingGrain>(IServingGrain.Key).Similar("no-such-item", 5));
        Assert.Contains(tag, await Grains.GetGrain<IServingGrain>(IServingGrain.Key).Categories());

        // The copies' long polls (WaitForUpdate) go on in the background; nothing else may have reached the two grains.
        Assert.Equal(before, CallsToSharedGrains());
    }

    [Fact]
    public async Task A_catalog_change_reaches_every_silo_as_the_changed_items_alone()
    {
        var tag = "copy-" + Guid.NewGuid().ToString("N")[..8];
        await CatalogCopiesAreCurrent();
        var catalog = Grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        await catalog.UpsertMany([.. Enumerable.Range(0, 50).Select(i => new CatalogItem($"{tag}-{i}", tag, [], true))], ActorRoles.Admin);
        await catalog.Upsert(new CatalogItem($"{tag}-0", tag, ["changed"], false), ActorRoles.Admin);
        await catalog.Remove($"{tag}-1", ActorRoles.Admin);

        var expected = await catalog.GetSnapshot();
        await CatalogCopiesAreCurrent();
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            var copy = fixture.SiloService<CatalogSnapshotCache>(silo).Current;
            Assert.Equal(expected.Version, copy.Version);
            Assert.Equal(Described(expected), Described(copy));
            Assert.False(copy.IsRecommendable($"{tag}-0"));
            Assert.False(copy.Items.ContainsKey($"{tag}-1"));
        }
    }

    [Fact]
    public async Task Contribution_changes_from_many_users_at_once_reach_the_model_exactly_through_the_partitions()
    {
        var now = fixture.Clock.GetUtcNow();
        var tag = "burst-" + Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, 80).Select(_ => NewUserKey()).ToList();
        await Task.WhenAll(users.Select(key => Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true))));

        // Every user records events in several requests at once with the others: the partitions
        // batch and coalesce them, and the model must end up holding exactly what is stored.
        await Task.WhenAll(users.Select(async (key, u) =>
        {
            for (var e = 0; e < 4; e++)
            {
                await Grains.GetGrain<IUserGrain>(key).RecordEvents([View($"{tag}-{(u + e) % 15}", now), View($"{tag}-{(u * e) % 7}", now)]);
            }
        }));
        await ServedModel.AssertEverySiloServesARebuild(fixture);

        // Erasures in a burst too: each is acknowledged only once the model no longer holds the user.
        await using var watch = ServedModel.WatchSilos(fixture);
        await Task.WhenAll(users.Take(20).Select(key => Grains.GetGrain<IUserGrain>(key).Erase(new ErasureCommand(ActorRoles.App, null))));
        var statistics = await watch.AssertEverySiloServedARebuildWithin(watch.Now, ServedModel.UnlearningBound);
        Assert.All(users.Take(20), key => Assert.False(statistics.ContributionsById().ContainsKey(key)));
    }

    [Fact]
    public async Task After_an_erasure_a_silo_receives_the_changed_lists_and_counts_alone()
    {
        var now = fixture.Clock.GetUtcNow();
        var tag = "delta-" + Guid.NewGuid().ToString("N")[..8];
        var users = Enumerable.Range(0, 16).Select(_ => NewUserKey()).ToList();

        // Four groups of four users, each group holding its own three items: an erasure in one group
        // changes that group's lists and counts, and nothing of the other three.
        foreach (var (key, u) in users.Select((k, u) => (k, u)))
        {
            await Grains.GetGrain<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: true));
            await Grains.GetGrain<IUserGrain>(key).RecordEvents([.. Enumerable.Range(0, 3).Select(i => View($"{tag}-{u % 4}-{i}", now))]);
        }

        await ServedModel.AssertEverySiloServesARebuild(fixture);
        var model = Grains.GetGrain<IModelGrain>(IModelGrain.Key);
        var before = await model.GetSnapshot();

        await Grains.GetGrain<IUserGrain>(users[0]).Erase(new ErasureCommand(ActorRoles.App, null));
        var published = await model.GetSnapshot();
        var update = await model.GetUpdate(before.Version, before.Dense?.Lineage, before.Dense?.Downdates ?? 0);

        // Across the wire (this call is serialized like a silo's): the lists and counts that changed, not the snapshot.
        Assert.NotNull(update);
        Assert.NotNull(update.Delta);
        Assert.Empty(update.Snapshot.Neighbours);
        Assert.Contains($"{tag}-0-0", update.Delta.Neighbours.Keys);
        Assert.DoesNotContain(update.Delta.Neighbours.Keys, item => item.StartsWith($"{tag}-1-", StringComparison.Ordinal));
        Assert.True(update.Delta.Entries < published.Neighbours.Count + published.ItemCounts.Count);
        var applied = update.ApplyTo(before);
        Assert.Equal(published.Version, applied.Version);
        Assert.Equal(published.ItemCounts, applied.ItemCounts);
        Assert.Equal(
            published.Neighbours.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, string.Join(",", n.Value))),
            applied.Neighbours.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (n.Key, string.Join(",", n.Value))));

        // A silo at a version the model grain never published (it joined, or the grain restarted) gets it whole.
        var whole = await model.GetUpdate("unknown.1", null, 0);
        Assert.Null(whole!.Delta);
        Assert.Equal(published.Neighbours.Count, whole.Snapshot.Neighbours.Count);
    }

    [Fact]
    public async Task A_reference_resolved_once_is_the_reference_GetGrain_returns()
    {
        var key = NewUserKey();
        var usual = (GrainReference)(object)Grains.GetGrain<IUserGrain>(key);
        var cached = (GrainReference)(object)Grains.Reference<IUserGrain>(key);
        Assert.Equal(usual.GrainId, cached.GrainId);
        Assert.Equal(usual.InterfaceType, cached.InterfaceType);
        Assert.Equal(usual.GrainId, ((GrainReference)(object)Grains.Reference<IUserGrain>(key)).GrainId);
        Assert.NotEqual(usual.GrainId, ((GrainReference)(object)Grains.Reference<IUserGrain>(NewUserKey())).GrainId);
        Assert.Equal(
            ((GrainReference)(object)Grains.GetGrain<IContributionPartitionGrain>(7)).GrainId,
            ((GrainReference)(object)Grains.Reference<IContributionPartitionGrain>(7)).GrainId);

        // And it calls the same activation.
        await Grains.Reference<IUserGrain>(key).SetConsent(Consent(personalization: true, modelTraining: false));
        Assert.True((await Grains.GetGrain<IUserGrain>(key).GetConsent()).IsGranted("personalization"));
    }

    private static List<string> Described(CatalogSnapshot catalog) =>
        [.. catalog.Items.Values.Select(i => $"{i.ItemId} {i.Category} {string.Join(',', i.Tags)} {i.Available}")];

    private async Task CatalogCopiesAreCurrent()
    {
        var version = await Grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetVersion();
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            Assert.True(await fixture.SiloService<CatalogSnapshotCache>(silo).WaitForVersionAsync(version, TimeSpan.FromSeconds(5)));
        }
    }

    private ImmutableSortedDictionary<string, int> CallsToSharedGrains()
    {
        var calls = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            foreach (var (method, count) in fixture.SiloService<GrainCallCounter>(silo).Snapshot())
            {
                if ((method.StartsWith(nameof(ICatalogGrain), StringComparison.Ordinal) || method.StartsWith(nameof(IModelGrain), StringComparison.Ordinal))
                    && !method.EndsWith(nameof(IModelGrain.WaitForUpdate), StringComparison.Ordinal))
                {
                    calls[method] = calls.GetValueOrDefault(method) + count;
                }
            }
        }

        return calls.ToImmutable();
    }
}

public sealed class SiloLocalServingTestsOnSqlite(SqliteClusterFixture fixture) : SiloLocalServingTests<SqliteClusterFixture>(fixture);

public sealed class SiloLocalServingTestsOnPostgres(PostgresClusterFixture fixture) : SiloLocalServingTests<PostgresClusterFixture>(fixture);
