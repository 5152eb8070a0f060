using System.Reflection;
using Npgsql;

namespace OrleansPersonalization.Silo.Storage.Postgres;

/// <summary>
/// Applies the versioned, idempotent schema (the Orleans providers' tables and queries, and the
/// project's own tables) that ships inside this assembly. Every silo runs it at start; an advisory
/// lock makes concurrent starts wait for each other instead of racing.
/// </summary>
public static class PostgresMigrator
{
    private const long AdvisoryLockKey = 0x4F50_4D49_4752; // "OPMIGR"
    private const string ResourcePrefix = "OrleansPersonalization.Silo.Storage.Postgres.Migrations.";

    public static IReadOnlyList<string> Migrations { get; } =
    [
        .. typeof(PostgresMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Applies every migration not yet recorded; returns the ones it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS personalization_schema_migrations (
                    name       text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = new List<string>();
            foreach (var name in Migrations)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var check = new NpgsqlCommand("SELECT 1 FROM personalization_schema_migrations WHERE name = @name", connection, transaction))
                {
                    check.Parameters.AddWithValue("name", name);
                    if (await check.ExecuteScalarAsync(cancellationToken) is not null)
                    {
                        continue;
                    }
                }

                await ExecuteAsync(connection, transaction, Read(name), cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO personalization_schema_migrations (name) VALUES (@name)", connection, transaction))
                {
                    record.Parameters.AddWithValue("name", name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                applied.Add(name);
            }

            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static string Read(string name)
    {
        using var stream = typeof(PostgresMigrator).Assembly.GetManifestResourceStream(ResourcePrefix + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
