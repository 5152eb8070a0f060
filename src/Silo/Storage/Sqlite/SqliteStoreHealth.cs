using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteStoreHealth(SqliteDatabase database) : IStoreHealth
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            return await command.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }
}
