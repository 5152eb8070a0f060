using System.Runtime.CompilerServices;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>Lists stored users from the ADO.NET storage table (rows of the user state).</summary>
public sealed class PostgresUserDirectory(PostgresDataSource database) : IUserDirectory
{
    public async IAsyncEnumerable<string> UserKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT DISTINCT grainidextensionstring FROM orleansstorage WHERE graintypestring = @state AND grainidextensionstring IS NOT NULL");
        command.Parameters.AddWithValue("state", StorageNames.UserState);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }
}
