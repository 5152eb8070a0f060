using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using OrleansPersonalization.Silo.Hosting;
using OrleansPersonalization.Silo.Security;
using OrleansPersonalization.Silo.Storage.Postgres;

namespace OrleansPersonalization.Silo;

/// <summary>The silo host process.</summary>
internal static class SiloProgram
{
    // A standalone silo: in cluster mode one of many on PostgreSQL; without configuration a
    // single node on the embedded store, which opens a gateway for external clients only when a
    // cluster certificate is configured (they must present it).
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (args is ["migrate", ..])
        {
            // Applies the PostgreSQL schema and exits; silos also do this themselves at start.
            var applied = await PostgresMigrator.MigrateAsync(PersonalizationSiloExtensions.StoreSettings(builder.Configuration).RequirePostgresConnectionString());
            await Console.Out.WriteLineAsync(applied.Count == 0 ? "schema is up to date" : "applied: " + string.Join(", ", applied));
            return 0;
        }

        if (args is ["verify-audit", ..])
        {
            return await VerifyAuditCommand.RunAsync(builder.Configuration, Console.Out);
        }

        if (args is ["cluster-certificate", ..])
        {
            return await ClusterCertificateCommand.RunAsync(builder.Configuration, Console.Out);
        }

        builder.UseOrleans(silo => silo
            .UseConfiguredClustering(builder.Configuration)
            .AddPersonalization(builder.Configuration)
            .AddDashboard());
        await builder.Build().RunAsync();
        return 0;
    }
}
