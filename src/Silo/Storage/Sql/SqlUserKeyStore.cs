using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>
/// The users' wrapped data keys, apart from the grain state: a file of their own in the embedded
/// store (<c>keys.db</c>), a table of their own in PostgreSQL. Replacing or deleting a key scrubs
/// the store's files of the old bytes before it is acknowledged (see <see cref="SqlStore.WriteAsync{T}"/>).
/// </summary>
public sealed class SqlUserKeyStore([FromKeyedServices(SqlStoreNames.Keys)] SqlStore store) : IUserKeyStore
{
    private readonly string _table = store.Dialect.Table("user_keys");

    public async Task<WrappedKey?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        return await FindAsync(session, userKey, pending: false, cancellationToken);
    }

    public async Task<WrappedKey?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        return await FindAsync(session, userKey, pending: true, cancellationToken);
    }

    private async Task<WrappedKey?> FindAsync(Sql.SqlSession session, string userKey, bool pending, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            pending
                ? $"SELECT pending_master_key_id, pending_wrapped FROM {_table} WHERE user_key = @key AND pending_wrapped IS NOT NULL"
                : $"SELECT master_key_id, wrapped FROM {_table} WHERE user_key = @key",
            ("key", userKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, 0) : null;
    }

    public Task<WrappedKey> AddIfAbsentAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return store.WriteAsync(async (session, token) =>
        {
            await session.ExecuteAsync(
                $"INSERT INTO {_table} (user_key, master_key_id, wrapped) VALUES (@key, @master, @wrapped) ON CONFLICT (user_key) DO NOTHING",
                token, ("key", userKey), ("master", key.MasterKeyId), ("wrapped", key.Blob));
            return await FindAsync(session, userKey, pending: false, token) ?? throw new InvalidOperationException("The key was not stored.");
        }, cancellationToken: cancellationToken);
    }

    public Task<bool> ReplaceAsync(string userKey, WrappedKey expected, WrappedKey key, bool pending = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(key);
        var sql = pending
            ? $"UPDATE {_table} SET pending_master_key_id = @master, pending_wrapped = @wrapped WHERE user_key = @key AND pending_wrapped = @expected"
            : $"UPDATE {_table} SET master_key_id = @master, wrapped = @wrapped WHERE user_key = @key AND wrapped = @expected";
        return store.WriteAsync(
            async (session, token) => await session.ExecuteAsync(sql, token, ("key", userKey), ("master", key.MasterKeyId), ("wrapped", key.Blob), ("expected", expected.Blob)) == 1,
            cancellationToken: cancellationToken);
    }

    public Task<bool> SetPendingAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return store.WriteAsync(
            async (session, token) => await session.ExecuteAsync(
                $"UPDATE {_table} SET pending_master_key_id = @master, pending_wrapped = @wrapped WHERE user_key = @key AND pending_wrapped IS NULL",
                token, ("key", userKey), ("master", key.MasterKeyId), ("wrapped", key.Blob)) == 1,
            cancellationToken: cancellationToken);
    }

    public Task ClearPendingAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            (session, token) => session.ExecuteAsync($"UPDATE {_table} SET pending_master_key_id = NULL, pending_wrapped = NULL WHERE user_key = @key", token, ("key", userKey)),
            cancellationToken: cancellationToken);

    public Task PromotePendingAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.WriteAsync(
            (session, token) => session.ExecuteAsync(
                $"""
                UPDATE {_table}
                SET master_key_id = pending_master_key_id, wrapped = pending_wrapped, pending_master_key_id = NULL, pending_wrapped = NULL
                WHERE user_key = @key AND pending_wrapped IS NOT NULL
                """,
                token, ("key", userKey)),
            scrub: true, cancellationToken);

    public Task DeleteAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.WriteAsync((session, token) => session.ExecuteAsync($"DELETE FROM {_table} WHERE user_key = @key", token, ("key", userKey)), scrub: true, cancellationToken);

    public IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync(CancellationToken cancellationToken = default) =>
        AllAsync($"SELECT user_key, master_key_id, wrapped FROM {_table}", cancellationToken);

    public IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllPendingAsync(CancellationToken cancellationToken = default) =>
        AllAsync($"SELECT user_key, pending_master_key_id, pending_wrapped FROM {_table} WHERE pending_wrapped IS NOT NULL", cancellationToken);

    private async IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        await using var command = session.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), Read(reader, 1));
        }
    }

    private static WrappedKey Read(DbDataReader reader, int first) => new(reader.GetString(first), reader.GetFieldValue<byte[]>(first + 1));
}
