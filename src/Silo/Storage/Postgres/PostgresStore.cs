using Microsoft.Extensions.Options;
using Npgsql;
using OrleansPersonalization.Silo.Storage.Sql;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>
/// The project's own tables in PostgreSQL, over one pooled <see cref="NpgsqlDataSource"/>. Each unit
/// of work commits on its own: concurrent commits from the pool already share WAL flushes (the
/// server's group commit), so there is nothing to gain from batching them here.
/// </summary>
public sealed class PostgresStore(IOptions<StoreOptions> options) : SqlStore(new PostgresDialect()), IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(options.Value.RequirePostgresConnectionString());

    public override async ValueTask<SqlSession> ReadAsync(CancellationToken cancellationToken = default) =>
        new(await _source.OpenConnectionAsync(cancellationToken), null, Dialect, ownsConnection: true);

    public override async Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, bool scrub = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(new SqlSession(connection, transaction, Dialect, ownsConnection: false), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // scrub: a replaced or deleted row is a dead tuple until autovacuum reclaims it. It stays
        // sealed under a key that no longer exists (or wrapped under a master key the database never holds).
        return result;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
