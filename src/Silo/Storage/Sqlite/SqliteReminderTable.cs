using System.Data.Common;
using System.Globalization;
using OrleansPersonalization.Silo.Storage.Sql;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// Durable reminders on the embedded store, so a reminder survives a restart of the single node.
/// (Cluster mode uses Orleans's ADO.NET reminder table instead.)
/// </summary>
public sealed class SqliteReminderTable(SqlStore store) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ms, etag";

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        ReadAsync($"SELECT {Columns} FROM reminders WHERE grain_id = @grain", ("grain", grainId.ToString()));

    /// <summary>Rows whose grain hash lies in (begin, end], the range wrapping around when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        ReadAsync(
            begin < end
                ? $"SELECT {Columns} FROM reminders WHERE grain_hash > @begin AND grain_hash <= @end"
                : $"SELECT {Columns} FROM reminders WHERE grain_hash > @begin OR grain_hash <= @end",
            ("begin", (long)begin), ("end", (long)end));

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await ReadAsync($"SELECT {Columns} FROM reminders WHERE grain_id = @grain AND reminder_name = @name", ("grain", grainId.ToString()), ("name", reminderName)))
            .Reminders.SingleOrDefault();

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var etag = await store.WriteAsync(async (session, token) =>
        {
            await using var command = session.Command(
                """
                INSERT INTO reminders (grain_id, reminder_name, grain_hash, start_at, period_ms, etag)
                VALUES (@grain, @name, @hash, @start, @period, 1)
                ON CONFLICT (grain_id, reminder_name) DO UPDATE
                    SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = reminders.etag + 1
                RETURNING etag
                """,
                ("grain", entry.GrainId.ToString()), ("name", entry.ReminderName), ("hash", (long)entry.GrainId.GetUniformHashCode()),
                ("start", entry.StartAt.ToUniversalTime().Ticks), ("period", (long)entry.Period.TotalMilliseconds));
            return Convert.ToString(await command.ExecuteScalarAsync(token), CultureInfo.InvariantCulture);
        });
        entry.ETag = etag;
        return etag;
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        store.WriteAsync(
            async (session, token) => await session.ExecuteAsync(
                "DELETE FROM reminders WHERE grain_id = @grain AND reminder_name = @name AND etag = @etag",
                token, ("grain", grainId.ToString()), ("name", reminderName), ("etag", long.Parse(eTag, CultureInfo.InvariantCulture))) == 1);

    public Task TestOnlyClearTable() => store.WriteAsync((session, token) => session.ExecuteAsync("DELETE FROM reminders", token));

    private async Task<ReminderTableData> ReadAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var session = await store.ReadAsync();
        await using var command = session.Command(sql, parameters);
        var entries = new List<ReminderEntry>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0), CultureInfo.InvariantCulture),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
