using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteRetentionSchedule(SqliteDatabase database) : IRetentionSchedule
{
    public async Task SetAsync(string userKey, DateTimeOffset? dueAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$key", userKey);
        if (dueAt is { } due)
        {
            command.CommandText = """
                INSERT INTO retention_schedule (user_key, due_at) VALUES ($key, $due)
                ON CONFLICT (user_key) DO UPDATE SET due_at = excluded.due_at
                """;
            command.Parameters.AddWithValue("$due", due.ToUnixTimeMilliseconds());
        }
        else
        {
            command.CommandText = "DELETE FROM retention_schedule WHERE user_key = $key";
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_key FROM retention_schedule WHERE due_at <= $now ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
