using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

    /// <summary>Single-node clustering on loopback, for the embedded default and the standalone dev silo.</summary>
    public static ISiloBuilder UseEmbeddedClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(OrleansEndpointOptions.Section);
        var endpoints = section.Get<OrleansEndpointOptions>() ?? new OrleansEndpointOptions();
        return silo.UseLocalhostClustering(
            endpoints.SiloPort,
            endpoints.GatewayPort,
            primarySiloEndpoint: null,
            serviceId: endpoints.ServiceId,
            clusterId: endpoints.ClusterId);
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
    public IPAddress AdvertisedAddress { get; set; } = IPAddress.Loopback;
}
