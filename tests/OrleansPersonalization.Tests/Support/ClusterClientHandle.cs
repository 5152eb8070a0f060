using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansPersonalization.Silo.Hosting;

namespace OrleansPersonalization.Tests.Support;

/// <summary>An Orleans client of a process-based cluster, for the test to look at silos and activations.</summary>
public sealed class ClusterClientHandle : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClientHandle(IHost host) => _host = host;

    public IManagementGrain Management => _host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public static async Task<ClusterClientHandle> ConnectAsync(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var host = new HostBuilder()
            .UseOrleansClient(client => client.UseConfiguredClustering(configuration))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await host.StartAsync(timeout.Token);
        return new ClusterClientHandle(host);
    }

    public async Task<Dictionary<SiloAddress, SiloStatus>> ActiveSilosAsync() => await Management.GetHosts(onlyActive: true);

    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await ActiveSilosAsync()).Count != count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} active silos.");
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
