using System.Data.Common;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>Healthy when the store answers a query on one of the project's tables.</summary>
public sealed class SqlStoreHealth(SqlStore store) : IStoreHealth
{
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = await store.ReadAsync(cancellationToken);
            await using var command = session.Command($"SELECT count(*) FROM {store.Dialect.Table("audit_head")}");
            return await command.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
