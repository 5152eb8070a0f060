using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>Durable reminders on the embedded store, so a reminder survives a restart of the single node.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, etag";

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = $grain";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return new ReminderTableData(await ReadAsync(command));
    }

    /// <summary>Rows whose grain hash lies in (begin, end], the range wrapping around when begin ≥ end.</summary>
    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = begin < end
            ? $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin AND grain_hash <= $end"
            : $"SELECT {Columns} FROM reminders WHERE grain_hash > $begin OR grain_hash <= $end";
        command.Parameters.AddWithValue("$begin", (long)begin);
        command.Parameters.AddWithValue("$end", (long)end);
        return new ReminderTableData(await ReadAsync(command));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders WHERE grain_id = $grain AND reminder_name = $name";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        return (await ReadAsync(command)).SingleOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period_ms, etag)
            VALUES ($grain, $name, $hash, $start, $period, 1)
            ON CONFLICT (grain_id, reminder_name) DO UPDATE
                SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = reminders.etag + 1
            RETURNING etag
            """;
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
        var etag = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        entry.ETag = etag;
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $grain AND reminder_name = $name AND etag = $etag";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", long.Parse(eTag, CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<ReminderEntry>> ReadAsync(SqliteCommand command)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return entries;
    }
}
