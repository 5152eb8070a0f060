using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansPersonalization.Silo.Hosting;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// A two-silo TestingHost cluster with the real grains, sharing one embedded store, and a domain
/// clock the test moves. Silos run in this process, so they find their clock through a registry.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private static readonly ConcurrentDictionary<string, FakeTimeProvider> Clocks = new();
    private readonly string _clockId = Guid.NewGuid().ToString("N");

    protected ClusterFixture(StoreKind kind)
    {
        Store = new TestStore(kind);
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Clocks[_clockId] = Clock;
    }

    public TestStore Store { get; }
    public StoreInspector Inspector => Store.Inspector;

    public TestCluster Cluster { get; private set; } = null!;
    public FakeTimeProvider Clock { get; }
    public IGrainFactory Grains => Cluster.GrainFactory;

    public T SiloService<T>(int silo = 0) where T : notnull =>
        ((InProcessSiloHandle)Cluster.Silos[silo]).SiloHost.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        foreach (var (key, value) in Store.Settings())
        {
            builder.Properties[key] = value;
        }

        // Most grain tests seed one user per item and are about something else than k; a fixture
        // about k overrides this in ExtraSettings.
        builder.Properties["Model:MinimumSupport"] = "1";
        foreach (var (key, value) in ExtraSettings())
        {
            builder.Properties[key] = value;
        }

        builder.Properties["TestClockId"] = _clockId;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Configuration a derived fixture adds for its silos.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings() => [];

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Clocks.TryRemove(_clockId, out _);
        Store.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            siloBuilder.AddPersonalization(configuration);
            siloBuilder.Services.AddSingleton<GrainCallCounter>();
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallCounter>());
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(
                OrleansPersonalization.Storage.Clocks.Domain, Clocks[configuration["TestClockId"]!]);
        }
    }
}

public sealed class SqliteClusterFixture() : ClusterFixture(StoreKind.Sqlite);

public sealed class PostgresClusterFixture() : ClusterFixture(StoreKind.Postgres);

/// <summary>A cluster whose model grain trains the ranker within seconds and always adopts what it learns, so tests can follow its lifecycle.</summary>
public abstract class RankerClusterFixture(StoreKind kind) : ClusterFixture(kind)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
    [
        new("Ranking:MinTrainingUsers", "20"),
        new("Ranking:TrainingIntervalSeconds", "1"),
        new("Ranking:InitialDelaySeconds", "0"),
        new("Ranking:MinimumRecallGain", "-1"),
    ];
}

/// <summary>A cluster serving under a threshold (k = 3), for the P5 test of minimum support.</summary>
public abstract class MinimumSupportClusterFixture(StoreKind kind) : ClusterFixture(kind)
{
    public const int K = 3;

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
        [new("Model:MinimumSupport", K.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public sealed class SqliteMinimumSupportClusterFixture() : MinimumSupportClusterFixture(StoreKind.Sqlite);

public sealed class PostgresMinimumSupportClusterFixture() : MinimumSupportClusterFixture(StoreKind.Postgres);

public sealed class SqliteRankerClusterFixture() : RankerClusterFixture(StoreKind.Sqlite);

public sealed class PostgresRankerClusterFixture() : RankerClusterFixture(StoreKind.Postgres);

/// <summary>A cluster serving under the shipped k, for P5 at catalog scale (10,000 items).</summary>
public abstract class LargeCatalogClusterFixture(StoreKind kind) : ClusterFixture(kind)
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
        [new("Model:MinimumSupport", new OrleansPersonalization.Domain.Model.ModelOptions().MinimumSupport.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public sealed class SqliteLargeCatalogClusterFixture() : LargeCatalogClusterFixture(StoreKind.Sqlite);

public sealed class PostgresLargeCatalogClusterFixture() : LargeCatalogClusterFixture(StoreKind.Postgres);
