using System.Runtime.CompilerServices;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>The users' wrapped data keys in their own table, apart from the grain state.</summary>
public sealed class PostgresUserKeyStore(PostgresDataSource database) : IUserKeyStore
{
    public async Task<WrappedKey?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command("SELECT master_key_id, wrapped FROM personalization_user_keys WHERE user_key = @key");
        command.Parameters.AddWithValue("key", userKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new WrappedKey(reader.GetString(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    public async Task<WrappedKey> AddIfAbsentAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using (var command = database.Command(
            "INSERT INTO personalization_user_keys (user_key, master_key_id, wrapped) VALUES (@key, @master, @wrapped) ON CONFLICT (user_key) DO NOTHING"))
        {
            command.Parameters.AddWithValue("key", userKey);
            command.Parameters.AddWithValue("master", key.MasterKeyId);
            command.Parameters.AddWithValue("wrapped", key.Blob);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindAsync(userKey, cancellationToken) ?? throw new InvalidOperationException("The key was not stored.");
    }

    public async Task<bool> ReplaceAsync(string userKey, WrappedKey expected, WrappedKey key, bool pending = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(key);
        await using var command = database.Command(pending
            ? "UPDATE personalization_user_keys SET pending_master_key_id = @master, pending_wrapped = @wrapped WHERE user_key = @key AND pending_wrapped = @expected"
            : "UPDATE personalization_user_keys SET master_key_id = @master, wrapped = @wrapped WHERE user_key = @key AND wrapped = @expected");
        command.Parameters.AddWithValue("key", userKey);
        command.Parameters.AddWithValue("master", key.MasterKeyId);
        command.Parameters.AddWithValue("wrapped", key.Blob);
        command.Parameters.AddWithValue("expected", expected.Blob);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<WrappedKey?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT pending_master_key_id, pending_wrapped FROM personalization_user_keys WHERE user_key = @key AND pending_wrapped IS NOT NULL");
        command.Parameters.AddWithValue("key", userKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new WrappedKey(reader.GetString(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    public async Task<bool> SetPendingAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = database.Command(
            "UPDATE personalization_user_keys SET pending_master_key_id = @master, pending_wrapped = @wrapped WHERE user_key = @key AND pending_wrapped IS NULL");
        command.Parameters.AddWithValue("key", userKey);
        command.Parameters.AddWithValue("master", key.MasterKeyId);
        command.Parameters.AddWithValue("wrapped", key.Blob);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ClearPendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "UPDATE personalization_user_keys SET pending_master_key_id = NULL, pending_wrapped = NULL WHERE user_key = @key");
        command.Parameters.AddWithValue("key", userKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PromotePendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        // The replaced version of the row is a dead tuple until VACUUM (autovacuum) reclaims it; it
        // holds the old key wrapped under a master key that never enters the database.
        await using var command = database.Command("""
            UPDATE personalization_user_keys
            SET master_key_id = pending_master_key_id, wrapped = pending_wrapped, pending_master_key_id = NULL, pending_wrapped = NULL
            WHERE user_key = @key AND pending_wrapped IS NOT NULL
            """);
        command.Parameters.AddWithValue("key", userKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command("DELETE FROM personalization_user_keys WHERE user_key = @key");
        command.Parameters.AddWithValue("key", userKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.Command("SELECT user_key, master_key_id, wrapped FROM personalization_user_keys");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), new WrappedKey(reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }
    }

    public async IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT user_key, pending_master_key_id, pending_wrapped FROM personalization_user_keys WHERE pending_wrapped IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), new WrappedKey(reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }
    }
}
