using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansPersonalization.Cluster;

/// <summary>
/// Registered only when <c>Cluster:AllowInsecure=true</c> switched TLS off in cluster mode: says so
/// at every start, so an operator reading the log cannot miss that the ports are open to anyone.
/// </summary>
internal sealed class InsecureClusterWarning(ILogger<InsecureClusterWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.ClusterPortsInsecure();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
