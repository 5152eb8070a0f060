namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>
/// One database of the project's own tables, reached through ADO.NET. Reads run on pooled
/// connections; writes are units of work, each in a transaction, acknowledged once durable. How a
/// store commits is its own: SQLite groups many units into one commit on its single writer,
/// PostgreSQL commits each unit and shares WAL flushes between concurrent commits.
/// </summary>
public abstract class SqlStore(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>A session for reads; dispose it to return the connection.</summary>
    public abstract ValueTask<SqlSession> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and returns once it is durable. When the unit
    /// fails, nothing it wrote is kept. <paramref name="scrub"/>: the unit removed data whose old
    /// page images must leave the store's files before the write is acknowledged.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, bool scrub = false, CancellationToken cancellationToken = default);

    public Task WriteAsync(Func<SqlSession, CancellationToken, Task> work, bool scrub = false, CancellationToken cancellationToken = default) =>
        WriteAsync<bool>(async (session, token) =>
        {
            await work(session, token);
            return true;
        }, scrub, cancellationToken);
}
