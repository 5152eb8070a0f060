using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteAuditTrail(SqliteDatabase database, AuditKey key, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IAuditTrail
{
    private const string Columns = "sequence, at, kind, actor_role, subject_digest, detail, previous, mac";

    public async Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);

        // An immediate transaction takes the write lock first: appends are serialized, so each links to the true head.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var head = await ReadHeadAsync(connection, cancellationToken) ?? await ResumeWithoutHeadAsync(connection, cancellationToken);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Mac ?? AuditChain.Genesis;
        var at = AuditChain.Normalize(clock.GetUtcNow());
        var mac = AuditChain.Link(key.Bytes, sequence, at, kind, actorRole, subjectDigest, detail, previous);

        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log (sequence, at, kind, actor_role, subject_digest, detail, previous, mac)
            VALUES ($sequence, $at, $kind, $actor, $subject, $detail, $previous, $mac);
            INSERT INTO audit_head (id, sequence, mac, seal) VALUES (1, $sequence, $mac, $seal)
            ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac, seal = excluded.seal;
            """;
        command.Parameters.AddWithValue("$sequence", sequence);
        command.Parameters.AddWithValue("$at", Format(at));
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$actor", actorRole);
        command.Parameters.AddWithValue("$subject", (object?)subjectDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("$previous", previous);
        command.Parameters.AddWithValue("$mac", mac);
        command.Parameters.AddWithValue("$seal", AuditChain.Seal(key.Bytes, sequence, mac));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM audit_log ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    public async Task<AuditHead?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadHeadAsync(connection, cancellationToken);
    }

    /// <summary>
    /// No sealed head: a store from before the chain has its entries chained as they are; a head
    /// missing beside MAC'd entries is tampering, recorded, never re-chained (<see cref="AuditChain.Resume"/>).
    /// </summary>
    private async Task<AuditHead?> ResumeWithoutHeadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var legacy = new List<AuditEntry>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT {Columns} FROM audit_log ORDER BY sequence";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                legacy.Add(Read(reader));
            }
        }

        var resumed = AuditChain.Resume(key.Bytes, legacy, clock.GetUtcNow(), key.AdoptsLegacyEntries);
        foreach (var (oldSequence, entry) in resumed.Rechained)
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit_log SET sequence = $sequence, previous = $previous, mac = $mac WHERE sequence = $old";
            update.Parameters.AddWithValue("$sequence", entry.Sequence);
            update.Parameters.AddWithValue("$previous", entry.Previous!);
            update.Parameters.AddWithValue("$mac", entry.Mac!);
            update.Parameters.AddWithValue("$old", oldSequence);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (resumed.TamperMarker is { } marker)
        {
            await InsertAsync(connection, marker, cancellationToken);
        }

        return resumed.Head;
    }

    private static async Task InsertAsync(SqliteConnection connection, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO audit_log ({Columns}) VALUES ($sequence, $at, $kind, $actor, $subject, $detail, $previous, $mac)";
        insert.Parameters.AddWithValue("$sequence", entry.Sequence);
        insert.Parameters.AddWithValue("$at", Format(entry.At));
        insert.Parameters.AddWithValue("$kind", entry.Kind);
        insert.Parameters.AddWithValue("$actor", entry.ActorRole);
        insert.Parameters.AddWithValue("$subject", (object?)entry.SubjectDigest ?? DBNull.Value);
        insert.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        insert.Parameters.AddWithValue("$previous", entry.Previous!);
        insert.Parameters.AddWithValue("$mac", entry.Mac!);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<AuditHead?> ReadHeadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, mac, seal FROM audit_head WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AuditHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_log WHERE 1 = 1");
        if (query.From is { } from)
        {
            sql.Append(" AND at >= $from");
            command.Parameters.AddWithValue("$from", Format(from));
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at < $to");
            command.Parameters.AddWithValue("$to", Format(to));
        }

        if (query.Kind is not null)
        {
            sql.Append(" AND kind = $kind");
            command.Parameters.AddWithValue("$kind", query.Kind);
        }

        if (query.AfterSequence is { } after)
        {
            sql.Append(" AND sequence > $after");
            command.Parameters.AddWithValue("$after", after);
        }

        if (query.SubjectDigest is not null)
        {
            sql.Append(" AND subject_digest = $subject");
            command.Parameters.AddWithValue("$subject", query.SubjectDigest);
        }

        sql.Append(" ORDER BY sequence LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static AuditEntry Read(SqliteDataReader reader) =>
        new(
            reader.GetInt64(0),
            DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5))
        {
            Previous = reader.IsDBNull(6) ? null : reader.GetString(6),
            Mac = reader.IsDBNull(7) ? null : reader.GetString(7),
        };

    // A fixed-width UTC format sorts correctly as text.
    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
