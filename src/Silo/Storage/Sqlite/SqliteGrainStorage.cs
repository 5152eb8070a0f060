using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// Grain storage on the embedded SQLite file with optimistic concurrency on an integer etag.
/// Clearing state deletes the row physically; it is never kept as an empty tombstone.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = StoredRows.Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(reader.GetString(1)));
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(grainState.State, GrainStateJson.Options));
        command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        long next;
        if (grainState.ETag is null)
        {
            next = 1;
            command.CommandText = """
                INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at)
                VALUES ($type, $key, $state, 1, $payload, $now)
                ON CONFLICT DO NOTHING
                """;
        }
        else
        {
            var current = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            next = current + 1;
            command.Parameters.AddWithValue("$etag", current);
            command.CommandText = """
                UPDATE grain_state SET etag = etag + 1, payload = $payload, updated_at = $now
                WHERE grain_type = $type AND grain_key = $key AND state_name = $state AND etag = $etag
                """;
        }

        if (await command.ExecuteNonQueryAsync() != 1)
        {
            throw new InconsistentStateException($"The stored '{stateName}' state changed since it was read.", "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using (var connection = await database.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state";
            AddKey(command, stateName, grainId);
            await command.ExecuteNonQueryAsync();
        }

        // Deleted pages are zeroed (secure_delete); a checkpoint also clears the older copies in the WAL.
        await database.CheckpointAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        command.Parameters.AddWithValue("$state", stateName);
    }
}
