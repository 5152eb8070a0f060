using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public static class SqliteStoreRegistration
{
    /// <summary>Registers the embedded store as grain storage, audit trail, retention index and user directory.</summary>
    public static IServiceCollection AddEmbeddedStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmbeddedStoreOptions>(configuration.GetSection(EmbeddedStoreOptions.Section));
        services.AddSingleton<SqliteDatabase>();
        services.AddGrainStorage(StorageNames.Provider, (sp, _) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp));
        services.AddSingleton<IAuditTrail, SqliteAuditTrail>();
        services.AddSingleton<IUserKeyStore, SqliteUserKeyStore>();
        services.AddSingleton<IRetentionSchedule, SqliteRetentionSchedule>();
        services.AddSingleton<IUserDirectory, SqliteUserDirectory>();
        services.AddSingleton<IStoreHealth, SqliteStoreHealth>();
        return services;
    }
}
