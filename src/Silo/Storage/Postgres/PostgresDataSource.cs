using Microsoft.Extensions.Options;
using Npgsql;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>The pooled Npgsql data source for the project's own tables.</summary>
public sealed class PostgresDataSource(IOptions<StoreOptions> options) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(options.Value.RequirePostgresConnectionString());

    public NpgsqlCommand Command(string sql) => _source.CreateCommand(sql);

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default) =>
        _source.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
