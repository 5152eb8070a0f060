using Microsoft.Extensions.Options;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>Applies the schema in the silo's very first lifecycle stage, before membership or storage touch the database.</summary>
public sealed class PostgresSchemaParticipant(IOptions<StoreOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            nameof(PostgresSchemaParticipant),
            ServiceLifecycleStage.First,
            cancellationToken => PostgresMigrator.MigrateAsync(options.Value.RequirePostgresConnectionString(), cancellationToken));
    }
}
