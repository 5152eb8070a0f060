using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public static class PostgresStoreRegistration
{
    public const string Invariant = StoreOptions.PostgresInvariant;

    /// <summary>
    /// Cluster mode's store: Orleans' ADO.NET grain storage and reminders on PostgreSQL, plus the
    /// project's own tables through the shared SQL ports. Cleared state is deleted, not kept as an
    /// empty row, and state is JSON without CLR type names.
    /// </summary>
    public static ISiloBuilder AddPostgresStore(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaParticipant>();
        silo.Services.AddPostgresPorts();
        silo.AddAdoNetGrainStorage(StorageNames.Provider, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
            options.DeleteStateOnClear = true;
            options.GrainStorageSerializer = new JsonGrainStorageSerializer();
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>The project's own tables on PostgreSQL (the keys share the database, in a table of their own).</summary>
    public static IServiceCollection AddPostgresPorts(this IServiceCollection services)
    {
        services.AddSingleton<PostgresStore>();
        services.AddSingleton<SqlStore>(sp => sp.GetRequiredService<PostgresStore>());
        services.AddKeyedSingleton<SqlStore>(SqlStoreNames.Keys, (sp, _) => sp.GetRequiredService<PostgresStore>());
        return services.AddSqlPorts();
    }
}
