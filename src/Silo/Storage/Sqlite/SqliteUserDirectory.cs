using System.Runtime.CompilerServices;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteUserDirectory(SqliteDatabase database) : IUserDirectory
{
    public async IAsyncEnumerable<string> UserKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key FROM grain_state WHERE grain_type = $type AND state_name = $state ORDER BY grain_key";
        command.Parameters.AddWithValue("$type", GrainTypes.User);
        command.Parameters.AddWithValue("$state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }
}
