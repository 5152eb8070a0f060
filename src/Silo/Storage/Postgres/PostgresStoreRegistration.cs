using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public static class PostgresStoreRegistration
{
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Cluster mode's store: Orleans' ADO.NET grain storage and reminders on PostgreSQL, plus the
    /// project's own tables. Cleared state is deleted, not kept as an empty row, and state is JSON
    /// without CLR type names.
    /// </summary>
    public static ISiloBuilder AddPostgresStore(this ISiloBuilder silo, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaParticipant>();
        silo.Services.AddSingleton<PostgresDataSource>();
        silo.Services.AddSingleton<IAuditTrail, PostgresAuditTrail>();
        silo.Services.AddSingleton<IUserKeyStore, PostgresUserKeyStore>();
        silo.Services.AddSingleton<IRetentionSchedule, PostgresRetentionSchedule>();
        silo.Services.AddSingleton<IUserDirectory, PostgresUserDirectory>();
        silo.Services.AddSingleton<IStoreHealth, PostgresStoreHealth>();
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
}
