using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public sealed class PostgresRetentionSchedule(PostgresDataSource database) : IRetentionSchedule
{
    public async Task SetAsync(string userKey, DateTimeOffset? dueAt, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(dueAt is null
            ? "DELETE FROM personalization_retention_schedule WHERE user_key = @key"
            : """
              INSERT INTO personalization_retention_schedule (user_key, due_at) VALUES (@key, @due)
              ON CONFLICT (user_key) DO UPDATE SET due_at = EXCLUDED.due_at
              """);
        command.Parameters.AddWithValue("key", userKey);
        if (dueAt is { } due)
        {
            command.Parameters.AddWithValue("due", due);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command(
            "SELECT user_key FROM personalization_retention_schedule WHERE due_at <= @now ORDER BY due_at LIMIT @limit");
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("limit", limit);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
