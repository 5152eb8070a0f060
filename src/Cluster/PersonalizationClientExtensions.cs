using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace OrleansPersonalization.Cluster;

public static class PersonalizationClientExtensions
{
    /// <summary>An Orleans client of the cluster whose membership lives in PostgreSQL (the API tier in cluster mode).</summary>
    public static IClientBuilder UseConfiguredClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.UseConfiguredTls(configuration);
        var endpoints = configuration.GetSection(OrleansEndpointOptions.Section).Get<OrleansEndpointOptions>() ?? new OrleansEndpointOptions();
        var connectionString = StoreOptions.From(configuration).RequirePostgresConnectionString();
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = StoreOptions.PostgresInvariant;
            options.ConnectionString = connectionString;
        });
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = endpoints.ServiceId;
            cluster.ClusterId = endpoints.ClusterId;
        });

        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = endpoints.ClientResponseTimeout);

        // A lost gateway is noticed quickly and the list of live gateways is re-read often, so
        // calls move to the surviving silos within seconds.
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));

        // Keep trying to connect while the cluster starts, instead of failing the API's start.
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        return client;
    }
}
