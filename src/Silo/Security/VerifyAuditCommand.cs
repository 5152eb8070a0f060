using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Silo.Hosting;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Postgres;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Security;

/// <summary>
/// <c>dotnet run --project src/Silo -- verify-audit</c>: walks the audit trail of the configured
/// store with the configured key, prints the outcome, and exits 0 when intact, 2 when broken.
/// </summary>
public static class VerifyAuditCommand
{
    public const int Broken = 2;

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedSingleton(Clocks.Domain, TimeProvider.System);
        services.AddSingleton(AuditKeyProvisioning.Load(configuration, createIfMissing: false));
        services.Configure<StoreOptions>(configuration.GetSection(StoreOptions.Section));
        if (PersonalizationSiloExtensions.StoreSettings(configuration).Kind == StoreKind.Postgres)
        {
            services.AddPostgresPorts();
        }
        else
        {
            services.AddEmbeddedStore(configuration);
        }

        services.AddSingleton<AuditVerifier>();
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<AuditVerifier>().VerifyAsync();
        await output.WriteLineAsync(result.IsIntact
            ? string.Create(CultureInfo.InvariantCulture, $"audit trail intact: {result.VerifiedEntries} entries verified")
            : string.Create(CultureInfo.InvariantCulture, $"audit trail BROKEN at entry {result.BrokenAt}: {result.Problem} ({result.VerifiedEntries} entries verified before it)"));
        return result.IsIntact ? 0 : Broken;
    }
}
