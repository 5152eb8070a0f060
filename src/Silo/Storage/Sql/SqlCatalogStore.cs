using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>
/// The catalog as rows. Upserts go in multi-row statements (a 10,000-item import is 40 statements,
/// not 10,000 round trips), inside one unit of work with the version check, so a batch is stored
/// whole or not at all.
/// </summary>
public sealed class SqlCatalogStore(SqlStore store) : ICatalogStore
{
    private const int RowsPerStatement = 250;
    private readonly string _items = store.Dialect.Table("catalog_items");
    private readonly string _version = store.Dialect.Table("catalog_version");

    public async Task<(long Version, IReadOnlyList<CatalogItem> Items)> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        long version;
        await using (var command = session.Command($"SELECT version FROM {_version} WHERE id = 1"))
        {
            version = await command.ExecuteScalarAsync(cancellationToken) is { } stored and not DBNull ? Convert.ToInt64(stored, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        var items = new List<CatalogItem>();
        await using (var command = session.Command($"SELECT item_id, category, tags, available FROM {_items}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var tags = JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [];
                items.Add(new CatalogItem(reader.GetString(0), reader.GetString(1), [.. tags], Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0));
            }
        }

        return (version, items);
    }

    public Task<bool> SaveAsync(long expectedVersion, long version, IReadOnlyCollection<CatalogItem> upserts, IReadOnlyCollection<string> removals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        return store.WriteAsync(async (session, token) =>
        {
            var moved = await session.ExecuteAsync(
                $"""
                INSERT INTO {_version} (id, version) VALUES (1, @version)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version WHERE {_version}.version = @expected
                """,
                token, ("version", version), ("expected", expectedVersion));
            if (moved != 1)
            {
                // Another writer moved the version: nothing was written.
                return false;
            }

            foreach (var chunk in upserts.Chunk(RowsPerStatement))
            {
                var sql = new StringBuilder($"INSERT INTO {_items} (item_id, category, tags, available) VALUES ");
                var parameters = new List<(string, object?)>(chunk.Length * 4);
                for (var i = 0; i < chunk.Length; i++)
                {
                    sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@i{i}, @c{i}, @t{i}, @a{i})");
                    var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    parameters.Add(("i" + n, chunk[i].ItemId));
                    parameters.Add(("c" + n, chunk[i].Category));
                    parameters.Add(("t" + n, JsonSerializer.Serialize(chunk[i].Tags.IsDefault ? ImmutableArray<string>.Empty : chunk[i].Tags)));
                    parameters.Add(("a" + n, chunk[i].Available ? 1L : 0L));
                }

                sql.Append(" ON CONFLICT (item_id) DO UPDATE SET category = excluded.category, tags = excluded.tags, available = excluded.available");
                await session.ExecuteAsync(sql.ToString(), token, [.. parameters]);
            }

            foreach (var itemId in removals)
            {
                await session.ExecuteAsync($"DELETE FROM {_items} WHERE item_id = @item", token, ("item", itemId));
            }

            return true;
        }, cancellationToken: cancellationToken);
    }
}
