using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Silo.Retention;
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
        silo.Services.AddEmbeddedStore(configuration);
        return silo;
    }

    public static IServiceCollection AddPersonalizationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PrivacyOptions>(configuration.GetSection(PrivacyOptions.Section));
        services.TryAddKeyedSingleton(Clocks.Domain, TimeProvider.System);
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return services;
    }

    /// <summary>
    /// Single-node clustering on loopback, for the embedded default and the standalone dev silo.
    /// Ports and ids come from section <c>Orleans</c>, read when the silo starts.
    /// </summary>
    public static ISiloBuilder UseEmbeddedClustering(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.UseLocalhostClustering();
        silo.Services.AddOptions<OrleansEndpointOptions>().BindConfiguration(OrleansEndpointOptions.Section);
        silo.Services.AddOptions<EndpointOptions>().Configure<IOptions<OrleansEndpointOptions>>((endpoints, configured) =>
        {
            endpoints.SiloPort = configured.Value.SiloPort;
            endpoints.GatewayPort = configured.Value.GatewayPort;
        });
        silo.Services.AddOptions<ClusterOptions>().Configure<IOptions<OrleansEndpointOptions>>((cluster, configured) =>
        {
            cluster.ServiceId = configured.Value.ServiceId;
            cluster.ClusterId = configured.Value.ClusterId;
        });
        return silo;
    }
}

/// <summary>Section <c>Orleans</c>: cluster identity and ports.</summary>
public sealed class OrleansEndpointOptions
{
    public const string Section = "Orleans";

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ServiceId { get; set; } = "orleans-personalization";
    public string ClusterId { get; set; } = "embedded";
}
