using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

public sealed class SqlUserJournal(SqlStore store) : IUserJournal
{
    private readonly string _table = store.Dialect.Table("user_journal");

    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        return await ReadAsync(session, _table, userKey, cancellationToken);
    }

    internal static async Task<IReadOnlyList<JournalEntry>> ReadAsync(SqlSession session, string table, string userKey, CancellationToken cancellationToken)
    {
        await using var command = session.Command($"SELECT sequence, payload FROM {table} WHERE user_key = @key ORDER BY sequence", ("key", userKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<JournalEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new JournalEntry(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }

        return entries;
    }

    public Task AppendAsync(string userKey, long sequence, byte[] payload, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            (session, token) => session.ExecuteAsync($"INSERT INTO {_table} (user_key, sequence, payload) VALUES (@key, @sequence, @payload)", token, ("key", userKey), ("sequence", sequence), ("payload", payload)),
            cancellationToken: cancellationToken);

    public Task RemoveThroughAsync(string userKey, long sequence, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            (session, token) => session.ExecuteAsync($"DELETE FROM {_table} WHERE user_key = @key AND sequence <= @sequence", token, ("key", userKey), ("sequence", sequence)),
            cancellationToken: cancellationToken);

    public Task RemoveAllAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            (session, token) => session.ExecuteAsync($"DELETE FROM {_table} WHERE user_key = @key", token, ("key", userKey)),
            scrub: true, cancellationToken);
}
