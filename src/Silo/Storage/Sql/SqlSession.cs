using System.Data.Common;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>A connection (and, for a write, the transaction it runs in) with a terse way to make commands.</summary>
public sealed class SqlSession : IAsyncDisposable
{
    private readonly bool _ownsConnection;

    internal SqlSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, bool ownsConnection)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        _ownsConnection = ownsConnection;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; }

    public SqlDialect Dialect { get; }

    /// <summary>A command bound to this session; null values become SQL NULL and times take the store's form.</summary>
    public DbCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value switch
            {
                null => DBNull.Value,
                DateTimeOffset at => Dialect.Time(at),
                _ => value,
            };
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        ExecuteAsync(Command(sql, parameters), cancellationToken);

    private static async Task<int> ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _ownsConnection ? Connection.DisposeAsync() : ValueTask.CompletedTask;
}
