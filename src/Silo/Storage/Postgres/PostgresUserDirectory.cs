using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>Reads contributions from the ADO.NET storage table, whose grain-type column holds the state name.</summary>
public sealed class PostgresUserDirectory(PostgresDataSource database) : IUserDirectory
{
    public async IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT grainidextensionstring, payloadbinary FROM orleansstorage WHERE graintypestring = @state AND payloadbinary IS NOT NULL");
        command.Parameters.AddWithValue("state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var items = StoredContribution.Read(reader.GetFieldValue<byte[]>(1));
            if (!items.IsEmpty)
            {
                yield return (reader.GetString(0), items);
            }
        }
    }
}
