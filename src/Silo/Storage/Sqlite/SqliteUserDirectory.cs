using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteUserDirectory(SqliteDatabase database) : IUserDirectory
{
    public async IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_key, payload FROM grain_state WHERE grain_type = $type AND state_name = $state";
        command.Parameters.AddWithValue("$type", GrainTypes.User);
        command.Parameters.AddWithValue("$state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var items = StoredContribution.Read(Encoding.UTF8.GetBytes(reader.GetString(1)));
            if (!items.IsEmpty)
            {
                yield return (reader.GetString(0), items);
            }
        }
    }
}
