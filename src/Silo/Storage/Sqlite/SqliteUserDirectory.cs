using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteUserDirectory(SqliteDatabase database, UserDataKeys keys, StoredUserState stored) : IUserDirectory
{
    public async IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var dataKeys = await keys.AllAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, payload FROM grain_state WHERE grain_type = $type AND state_name = $state";
        command.Parameters.AddWithValue("$type", GrainTypes.User);
        command.Parameters.AddWithValue("$state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var userKey = reader.GetString(0);
            var items = await stored.ContributionOfAsync(Encoding.UTF8.GetBytes(reader.GetString(1)), userKey, dataKeys, cancellationToken);
            if (!items.IsEmpty)
            {
                yield return (userKey, items);
            }
        }
    }

    public async Task<UserState?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM grain_state WHERE grain_type = $type AND state_name = $state AND grain_key = $key";
        command.Parameters.AddWithValue("$type", GrainTypes.User);
        command.Parameters.AddWithValue("$state", StorageNames.UserState);
        command.Parameters.AddWithValue("$key", userKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string payload
            ? await stored.OpenAsync(Encoding.UTF8.GetBytes(payload), userKey, null, cancellationToken)
            : null;
    }
}
