using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// An Orleans client that is not part of the system: it knows a port and the cluster's ids, and
/// maybe brings a certificate of its own. Tests show it cannot join.
/// </summary>
public static class ForeignClient
{
    /// <summary>Tries to connect through <paramref name="port"/> and call the management grain; returns the failure (or the timeout), or null if it got in.</summary>
    public static async Task<Exception?> TryCallAsync(int port, string serviceId, string clusterId, X509Certificate2? certificate = null)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
                client.Configure<ClusterOptions>(cluster => (cluster.ServiceId, cluster.ClusterId) = (serviceId, clusterId));
                client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10));
                if (certificate is not null)
                {
                    client.UseTls(certificate, tls =>
                    {
                        // Trust whatever the server presents: an attacker would.
                        tls.RemoteCertificateValidation = (_, _, _) => true;
                        tls.OnAuthenticateAsClient = (_, options) => options.TargetHost = "orleans-personalization-embedded";
                    });
                }
            })
            .Build();
        // A refused client does not always fail fast (it may keep retrying the connection); a client
        // that holds the right certificate gets in well within this time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await host.StartAsync(timeout.Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            await host.StopAsync(CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
