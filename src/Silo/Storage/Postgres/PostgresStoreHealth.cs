using Npgsql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public sealed class PostgresStoreHealth(PostgresDataSource database) : IStoreHealth
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = database.Command("SELECT count(*) FROM personalization_schema_migrations");
            return await command.ExecuteScalarAsync(cancellationToken) is long count && count > 0;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
