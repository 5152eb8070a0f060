using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>Reads users from the ADO.NET storage table, whose grain-type column holds the state name.</summary>
public sealed class PostgresUserDirectory(PostgresDataSource database, UserDataKeys keys, StoredUserState stored) : IUserDirectory
{
    public async IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var dataKeys = await keys.AllAsync(cancellationToken);
        await using var command = database.Command(
            "SELECT grainidextensionstring, payloadbinary FROM orleansstorage WHERE graintypestring = @state AND payloadbinary IS NOT NULL");
        command.Parameters.AddWithValue("state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var userKey = reader.GetString(0);
            var items = await stored.ContributionOfAsync(reader.GetFieldValue<byte[]>(1), userKey, dataKeys, cancellationToken);
            if (!items.IsEmpty)
            {
                yield return (userKey, items);
            }
        }
    }

    public async Task<UserState?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT payloadbinary FROM orleansstorage WHERE graintypestring = @state AND grainidextensionstring = @key AND payloadbinary IS NOT NULL");
        command.Parameters.AddWithValue("state", StorageNames.UserState);
        command.Parameters.AddWithValue("key", userKey);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] payload
            ? await stored.OpenAsync(payload, userKey, null, cancellationToken)
            : null;
    }
}
