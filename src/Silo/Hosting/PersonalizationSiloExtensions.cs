using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Retention;
using OrleansPersonalization.Silo.Security;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Postgres;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Hosting;

public static class PersonalizationSiloExtensions
{
    /// <summary>The product's services on a silo, whatever its clustering: options, clock, store, retention sweep.</summary>
    public static ISiloBuilder AddPersonalization(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddPersonalizationServices(configuration);
        var store = StoreSettings(configuration);
        if (store.Kind == StoreKind.Postgres)
        {
            silo.AddPostgresStore(store.RequirePostgresConnectionString());
        }
        else
        {
            silo.Services.AddEmbeddedStore(configuration);
            silo.AddReminders();
            silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        }

        return silo;
    }

    /// <summary>
    /// Clustering from section <c>Cluster</c>: <c>Membership=AdoNet</c> joins the cluster whose
    /// membership lives in PostgreSQL; anything else is the single-node loopback cluster.
    /// </summary>
    public static ISiloBuilder UseConfiguredClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var endpoints = configuration.GetSection(OrleansEndpointOptions.Section).Get<OrleansEndpointOptions>() ?? new OrleansEndpointOptions();
        if (endpoints.Membership != ClusteringKind.AdoNet)
        {
            return silo.UseEmbeddedClustering(configuration);
        }

        silo.UseConfiguredTls(configuration);
        var connectionString = StoreSettings(configuration).RequirePostgresConnectionString();
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresStoreRegistration.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = endpoints.ServiceId;
            cluster.ClusterId = endpoints.ClusterId;
        });
        // A crashed silo must be declared dead quickly, because its grains stay unreachable until
        // then: probe every 2 s and give up after 2 misses (defaults are about 3 times slower).
        // Operators can tune any ClusterMembershipOptions field under Cluster:FailureDetection.
        silo.Services.AddOptions<ClusterMembershipOptions>()
            .Configure(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(2);
                membership.NumMissedProbesLimit = 2;
            })
            .BindConfiguration($"{OrleansEndpointOptions.Section}:FailureDetection");
        // A request in flight to a silo that dies is only failed by its response timeout: keep it
        // short enough that the API's retries land on the surviving silos within seconds.
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = endpoints.ResponseTimeout);
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = endpoints.ResolveAdvertisedAddress();
            options.SiloPort = endpoints.SiloPort;
            options.GatewayPort = endpoints.GatewayPort;
            if (endpoints.ListenOnAnyAddress)
            {
                options.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.SiloPort);
                options.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.GatewayPort);
            }
        });
        return silo;
    }

    public static StoreOptions StoreSettings(IConfiguration configuration) => StoreOptions.From(configuration);

    public static IServiceCollection AddPersonalizationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PrivacyOptions>(configuration.GetSection(PrivacyOptions.Section));
        services.Configure<StoreOptions>(configuration.GetSection(StoreOptions.Section));
        services.TryAddKeyedSingleton(Clocks.Domain, TimeProvider.System);
        // k below 1 would mean "publish what nobody holds"; refuse to start rather than guess.
        services.AddOptions<ModelOptions>()
            .Bind(configuration.GetSection(ModelOptions.Section))
            .Validate(model => model.MinimumSupport >= 1, "Model:MinimumSupport must be at least 1.")
            .ValidateOnStart();
        services.Configure<RankerOptions>(configuration.GetSection(RankerOptions.Section));
        services.AddSingleton<ContributionBacklog>();
        services.AddSingleton<ModelSnapshotCache>();
        services.AddSingleton<OrleansPersonalization.Telemetry.ModelMetrics>();
        services.AddSingleton<OrleansPersonalization.Telemetry.JobMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelSnapshotCache>());
        services.AddSingleton<CatalogSnapshotCache>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogSnapshotCache>());
        services.AddSingleton<OrleansPersonalization.Contracts.ILocalCatalogCopy>(sp => sp.GetRequiredService<CatalogSnapshotCache>());
        services.AddPrivacyRedaction();
        services.AddSingleton(_ => AuditKeyProvisioning.Load(configuration));
        services.AddSingleton(_ => MasterKeyProvisioning.Load(configuration));
        services.Configure<ProtectionOptions>(configuration.GetSection(ProtectionOptions.Section));
        services.AddSingleton<UserDataKeys>();
        services.AddSingleton<KeyRewrap>();
        services.AddSingleton<UserStateProtector>();
        services.AddSingleton<StoredUserState>();
        services.AddSingleton<UserJournalCodec>();
        services.AddSingleton<UserStateRules>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return services;
    }

    /// <summary>
    /// Single-node clustering on loopback, for the embedded default and the standalone dev silo.
    /// Ports and ids come from section <c>Cluster</c>, read when the silo starts.
    /// Nothing another process can use is opened: without a configured cluster certificate there is
    /// no gateway (the co-hosted API calls grains in process), and the silo port, which Orleans
    /// always binds, only completes a TLS handshake with a certificate that exists in this process's
    /// memory alone. With <c>Cluster:TlsCertificateFile</c> that certificate is used instead and the
    /// gateway opens, so tools holding it can connect as clients.
    /// </summary>
    public static ISiloBuilder UseEmbeddedClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var configured = ClusterTls.Load(configuration);
        silo.UsePinnedTls(configured ?? ClusterCertificates.CreateEphemeral());
        var openGateway = configured is not null;
        silo.UseLocalhostClustering();
        silo.Services.AddOptions<OrleansEndpointOptions>().BindConfiguration(OrleansEndpointOptions.Section);
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<OrleansEndpointOptions>>((endpoints, settings) =>
        {
            endpoints.SiloPort = settings.Value.SiloPort;

            // Port 0 means no gateway listener at all (EndpointOptions.GatewayPort).
            endpoints.GatewayPort = openGateway ? settings.Value.GatewayPort : 0;
            endpoints.GatewayListeningEndpoint = null;
        });
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<OrleansEndpointOptions>>((cluster, settings) =>
        {
            cluster.ServiceId = settings.Value.ServiceId;
            cluster.ClusterId = settings.Value.ClusterId;
        });
        return silo;
    }
}
