using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

public static class SqlStoreRegistration
{
    /// <summary>The ports every store implements with the same SQL: audit trail, user keys, retention index, journal, stored users, health.</summary>
    public static IServiceCollection AddSqlPorts(this IServiceCollection services)
    {
        services.AddSingleton<IAuditTrail, SqlAuditTrail>();
        services.AddSingleton<IUserKeyStore, SqlUserKeyStore>();
        services.AddSingleton<IRetentionSchedule, SqlRetentionSchedule>();
        services.AddSingleton<IUserJournal, SqlUserJournal>();
        services.AddSingleton<IStoredUsers, SqlStoredUsers>();
        services.AddSingleton<IStoreHealth, SqlStoreHealth>();
        services.AddSingleton<ICatalogStore, SqlCatalogStore>();
        return services;
    }
}
