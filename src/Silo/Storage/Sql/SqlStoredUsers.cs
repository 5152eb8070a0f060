using System.Runtime.CompilerServices;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>
/// Stored user rows and their journals, read as they are (sealed); the grains layer opens them.
/// Journals are read before the rows: a row compacted in between already holds the entries it
/// dropped (its <c>JournalThrough</c> says so), whereas the other order could miss them both.
/// </summary>
public sealed class SqlStoredUsers(SqlStore store) : IStoredUsers
{
    private readonly string _journal = store.Dialect.Table("user_journal");

    public async IAsyncEnumerable<StoredUser> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);

        // Journals are short (compacted every few dozen appends), so all of them fit in memory.
        var journals = new Dictionary<string, List<JournalEntry>>(StringComparer.Ordinal);
        await using (var command = session.Command($"SELECT user_key, sequence, payload FROM {_journal} ORDER BY user_key, sequence"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var userKey = reader.GetString(0);
                if (!journals.TryGetValue(userKey, out var entries))
                {
                    journals[userKey] = entries = [];
                }

                entries.Add(new JournalEntry(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
            }
        }

        await using var rows = session.Command(session.Dialect.UserRowsSql);
        await using var users = await rows.ExecuteReaderAsync(cancellationToken);
        while (await users.ReadAsync(cancellationToken))
        {
            var userKey = users.GetString(0);
            yield return new StoredUser(userKey, session.Dialect.ReadUserRow(users, 1), journals.GetValueOrDefault(userKey) ?? (IReadOnlyList<JournalEntry>)[]);
        }
    }

    public async Task<StoredUser?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        var journal = await SqlUserJournal.ReadAsync(session, _journal, userKey, cancellationToken);
        await using var command = session.Command(session.Dialect.UserRowSql, ("key", userKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredUser(userKey, session.Dialect.ReadUserRow(reader, 0), journal) : null;
    }
}
