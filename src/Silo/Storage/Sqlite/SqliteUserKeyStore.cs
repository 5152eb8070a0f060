using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// The users' wrapped data keys in a file of their own (<c>keys.db</c>), apart from the grain state:
/// a copy of the state database alone never holds the keys. Deleted keys are overwritten and the WAL
/// is truncated, so a shredded key does not linger in the file.
/// </summary>
public sealed class SqliteUserKeyStore : IUserKeyStore
{
    public const string FileName = "keys.db";
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteUserKeyStore(IOptions<EmbeddedStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.Value.KeyFile(FileName);
        _synchronous = options.Value.Synchronous.ToUpperInvariant() is "OFF" ? "OFF" : "FULL";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS user_keys (
                user_key      TEXT PRIMARY KEY,
                master_key_id TEXT NOT NULL,
                wrapped       BLOB NOT NULL
            ) WITHOUT ROWID;
            """;
        command.ExecuteNonQuery();
        AddRotationColumns(connection);
    }

    /// <summary>Version 2 of the key file: the pending key of a rotation (see <see cref="IUserKeyStore.SetPendingAsync"/>).</summary>
    private static void AddRotationColumns(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT count(*) FROM pragma_table_info('user_keys') WHERE name = 'pending_wrapped'";
        if (Convert.ToInt64(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = """
                ALTER TABLE user_keys ADD COLUMN pending_master_key_id TEXT NULL;
                ALTER TABLE user_keys ADD COLUMN pending_wrapped BLOB NULL;
                """;
            alter.ExecuteNonQuery();
        }
    }

    public async Task<WrappedKey?> FindAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT master_key_id, wrapped FROM user_keys WHERE user_key = $key";
        command.Parameters.AddWithValue("$key", userKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new WrappedKey(reader.GetString(0), (byte[])reader[1]) : null;
    }

    public async Task<WrappedKey> AddIfAbsentAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO user_keys (user_key, master_key_id, wrapped) VALUES ($key, $master, $wrapped) ON CONFLICT (user_key) DO NOTHING";
            command.Parameters.AddWithValue("$key", userKey);
            command.Parameters.AddWithValue("$master", key.MasterKeyId);
            command.Parameters.AddWithValue("$wrapped", key.Blob);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindAsync(userKey, cancellationToken) ?? throw new InvalidOperationException("The key was not stored.");
    }

    public async Task<bool> ReplaceAsync(string userKey, WrappedKey expected, WrappedKey key, bool pending = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = pending
            ? "UPDATE user_keys SET pending_master_key_id = $master, pending_wrapped = $wrapped WHERE user_key = $key AND pending_wrapped = $expected"
            : "UPDATE user_keys SET master_key_id = $master, wrapped = $wrapped WHERE user_key = $key AND wrapped = $expected";
        command.Parameters.AddWithValue("$key", userKey);
        command.Parameters.AddWithValue("$master", key.MasterKeyId);
        command.Parameters.AddWithValue("$wrapped", key.Blob);
        command.Parameters.AddWithValue("$expected", expected.Blob);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<WrappedKey?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pending_master_key_id, pending_wrapped FROM user_keys WHERE user_key = $key AND pending_wrapped IS NOT NULL";
        command.Parameters.AddWithValue("$key", userKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new WrappedKey(reader.GetString(0), (byte[])reader[1]) : null;
    }

    public async Task<bool> SetPendingAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE user_keys SET pending_master_key_id = $master, pending_wrapped = $wrapped WHERE user_key = $key AND pending_wrapped IS NULL";
        command.Parameters.AddWithValue("$key", userKey);
        command.Parameters.AddWithValue("$master", key.MasterKeyId);
        command.Parameters.AddWithValue("$wrapped", key.Blob);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ClearPendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE user_keys SET pending_master_key_id = NULL, pending_wrapped = NULL WHERE user_key = $key";
        command.Parameters.AddWithValue("$key", userKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PromotePendingAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var promote = connection.CreateCommand())
        {
            promote.CommandText = """
                UPDATE user_keys
                SET master_key_id = pending_master_key_id, wrapped = pending_wrapped, pending_master_key_id = NULL, pending_wrapped = NULL
                WHERE user_key = $key AND pending_wrapped IS NOT NULL
                """;
            promote.Parameters.AddWithValue("$key", userKey);
            await promote.ExecuteNonQueryAsync(cancellationToken);
        }

        await TruncateWalAsync(connection, cancellationToken);
    }

    public async Task DeleteAsync(string userKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM user_keys WHERE user_key = $key";
            delete.Parameters.AddWithValue("$key", userKey);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await TruncateWalAsync(connection, cancellationToken);
    }

    private static async Task TruncateWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // The replaced or deleted cell is overwritten in the file (secure_delete), but its old page
        // image may still sit in the WAL until a checkpoint truncates it; a reader can hold that up,
        // so try a few times.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50 << attempt), cancellationToken);
        }

        throw new IOException("The key file's WAL could not be truncated after removing a key; the operation must be retried.");
    }

    public async IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_key, master_key_id, wrapped FROM user_keys";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), new WrappedKey(reader.GetString(1), (byte[])reader[2]));
        }
    }

    public async IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllPendingAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_key, pending_master_key_id, pending_wrapped FROM user_keys WHERE pending_wrapped IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), new WrappedKey(reader.GetString(1), (byte[])reader[2]));
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {_synchronous}; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
