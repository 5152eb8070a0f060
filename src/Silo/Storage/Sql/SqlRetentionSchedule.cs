using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

public sealed class SqlRetentionSchedule(SqlStore store) : IRetentionSchedule
{
    private readonly string _table = store.Dialect.Table("retention_schedule");

    public Task SetAsync(string userKey, DateTimeOffset? dueAt, CancellationToken cancellationToken = default) =>
        store.WriteAsync((session, token) => dueAt is { } due
            ? session.ExecuteAsync(
                $"INSERT INTO {_table} (user_key, due_at) VALUES (@key, @due) ON CONFLICT (user_key) DO UPDATE SET due_at = excluded.due_at",
                token, ("key", userKey), ("due", due))
            : session.ExecuteAsync($"DELETE FROM {_table} WHERE user_key = @key", token, ("key", userKey)),
            cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        await using var command = session.Command($"SELECT user_key FROM {_table} WHERE due_at <= @now ORDER BY due_at LIMIT @limit", ("now", now), ("limit", limit));
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
