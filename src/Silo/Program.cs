using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using OrleansPersonalization.Silo.Hosting;

namespace OrleansPersonalization.Silo;

/// <summary>The silo host process.</summary>
internal static class SiloProgram
{
    // A standalone silo: in cluster mode one of many on PostgreSQL; without configuration a
    // single node on the embedded store that an external client can connect to.
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.UseOrleans(silo => silo
            .UseConfiguredClustering(builder.Configuration)
            .AddPersonalization(builder.Configuration)
            .AddDashboard());
        await builder.Build().RunAsync();
    }
}
