using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// Grain storage on the embedded SQLite file with optimistic concurrency on an integer etag. Writes
/// go through the store's group commit. Clearing state deletes the row physically, and its bytes
/// leave the file before the clear is acknowledged; it is never kept as an empty tombstone.
/// </summary>
public sealed class SqliteGrainStorage(SqlStore store, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var session = await store.ReadAsync();
        await using var command = session.Command(
            "SELECT etag, payload FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state_name = @state",
            ("type", grainId.Type.ToString()), ("key", grainId.Key.ToString()), ("state", stateName));
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

        // Serialized on the caller's thread, so the single writer spends its time on SQL only.
        var payload = JsonSerializer.Serialize(grainState.State, GrainStateJson.Options);
        var now = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var etag = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var written = await store.WriteAsync((session, token) => etag is null
            ? session.ExecuteAsync(
                """
                INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at)
                VALUES (@type, @key, @state, 1, @payload, @now)
                ON CONFLICT DO NOTHING
                """,
                token, ("type", grainId.Type.ToString()), ("key", grainId.Key.ToString()), ("state", stateName), ("payload", payload), ("now", now))
            : session.ExecuteAsync(
                """
                UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_at = @now
                WHERE grain_type = @type AND grain_key = @key AND state_name = @state AND etag = @etag
                """,
                token, ("type", grainId.Type.ToString()), ("key", grainId.Key.ToString()), ("state", stateName), ("payload", payload), ("now", now), ("etag", etag)));
        if (written != 1)
        {
            throw new InconsistentStateException($"The stored '{stateName}' state changed since it was read.", "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = ((etag ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);

        // Deleted pages are zeroed (secure_delete); the scrub also clears the older copies in the WAL.
        await store.WriteAsync(
            (session, token) => session.ExecuteAsync(
                "DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND state_name = @state",
                token, ("type", grainId.Type.ToString()), ("key", grainId.Key.ToString()), ("state", stateName)),
            scrub: true);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
