using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public static class SqliteStoreRegistration
{
    public const string KeyFileName = "keys.db";

    /// <summary>
    /// The embedded store: the data file (grain state, audit trail, retention index, journal) and the
    /// key file, each behind its own group-committing writer, with the shared SQL ports over them.
    /// </summary>
    public static IServiceCollection AddEmbeddedStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmbeddedStoreOptions>(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;
            OwnerOnlyFolder(Path.GetDirectoryName(options.DatabasePath)!);
            return new SqliteStore(options.DatabasePath, Synchronous(options.Synchronous), "Data");
        });
        services.AddSingleton<SqlStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddKeyedSingleton<SqlStore>(SqlStoreNames.Keys, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value;

            // Keys are never written less durably than FULL unless the whole store is throwaway (OFF).
            return new SqliteStore(options.KeyFile(KeyFileName), Synchronous(options.Synchronous) is "OFF" ? "OFF" : "FULL", "Keys");
        });
        services.AddSqlPorts();
        services.AddGrainStorage(StorageNames.Provider, (sp, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp));
        return services;
    }

    private static string Synchronous(string configured) => configured.ToUpperInvariant() switch
    {
        "FULL" or "NORMAL" or "OFF" or "EXTRA" => configured.ToUpperInvariant(),
        _ => throw new InvalidOperationException("EmbeddedStore:Synchronous must be FULL, EXTRA, NORMAL or OFF."),
    };

    // Owner-only, like the key folder: the audit trail and the retention index are readable in the file.
    private static void OwnerOnlyFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
