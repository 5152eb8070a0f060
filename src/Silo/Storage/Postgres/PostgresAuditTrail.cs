using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public sealed class PostgresAuditTrail(PostgresDataSource database, AuditKey key, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IAuditTrail
{
    private const string Columns = "sequence, at, kind, actor_role, subject_digest, detail, previous, mac";

    /// <summary>Serializes appends from every silo: each entry must link to the true head.</summary>
    private const long AppendLock = 0x5045_5253_4155_4449; // "PERSAUDI"

    public async Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("lock", AppendLock);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var head = await ReadHeadAsync(connection, transaction, cancellationToken) ?? await ResumeWithoutHeadAsync(connection, transaction, cancellationToken);
        var sequence = (head?.Sequence ?? 0) + 1;
        var previous = head?.Mac ?? AuditChain.Genesis;
        var at = AuditChain.Normalize(clock.GetUtcNow());
        var mac = AuditChain.Link(key.Bytes, sequence, at, kind, actorRole, subjectDigest, detail, previous);
        await using var command = new NpgsqlCommand("""
            INSERT INTO personalization_audit_log (sequence, at, kind, actor_role, subject_digest, detail, previous, mac)
            VALUES (@sequence, @at, @kind, @actor, @subject, @detail, @previous, @mac);
            INSERT INTO personalization_audit_head (id, sequence, mac, seal) VALUES (1, @sequence, @mac, @seal)
            ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac, seal = excluded.seal;
            """, connection, transaction);
        command.Parameters.AddWithValue("sequence", sequence);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("actor", actorRole);
        command.Parameters.AddWithValue("subject", (object?)subjectDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("previous", previous);
        command.Parameters.AddWithValue("mac", mac);
        command.Parameters.AddWithValue("seal", AuditChain.Seal(key.Bytes, sequence, mac));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = database.Command($"SELECT {Columns} FROM personalization_audit_log ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    public async Task<AuditHead?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadHeadAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// No sealed head: a database from before the chain has its entries chained as they are; a head
    /// missing beside MAC'd entries is tampering, recorded, never re-chained (<see cref="AuditChain.Resume"/>).
    /// </summary>
    private async Task<AuditHead?> ResumeWithoutHeadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var legacy = new List<AuditEntry>();
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM personalization_audit_log ORDER BY sequence", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                legacy.Add(Read(reader));
            }
        }

        var resumed = AuditChain.Resume(key.Bytes, legacy, clock.GetUtcNow(), key.AdoptsLegacyEntries);
        foreach (var (oldSequence, entry) in resumed.Rechained)
        {
            await using var update = new NpgsqlCommand(
                "UPDATE personalization_audit_log SET sequence = @sequence, previous = @previous, mac = @mac WHERE sequence = @old", connection, transaction);
            update.Parameters.AddWithValue("sequence", entry.Sequence);
            update.Parameters.AddWithValue("previous", entry.Previous!);
            update.Parameters.AddWithValue("mac", entry.Mac!);
            update.Parameters.AddWithValue("old", oldSequence);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        if (resumed.TamperMarker is { } marker)
        {
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO personalization_audit_log ({Columns}) VALUES (@sequence, @at, @kind, @actor, @subject, @detail, @previous, @mac)", connection, transaction);
            insert.Parameters.AddWithValue("sequence", marker.Sequence);
            insert.Parameters.AddWithValue("at", marker.At);
            insert.Parameters.AddWithValue("kind", marker.Kind);
            insert.Parameters.AddWithValue("actor", marker.ActorRole);
            insert.Parameters.AddWithValue("subject", DBNull.Value);
            insert.Parameters.AddWithValue("detail", (object?)marker.Detail ?? DBNull.Value);
            insert.Parameters.AddWithValue("previous", marker.Previous!);
            insert.Parameters.AddWithValue("mac", marker.Mac!);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return resumed.Head;
    }

    private static async Task<AuditHead?> ReadHeadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT sequence, mac, seal FROM personalization_audit_head WHERE id = 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AuditHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Columns} FROM personalization_audit_log WHERE true");
        await using var command = database.Command("");
        if (query.From is { } from)
        {
            sql.Append(" AND at >= @from");
            command.Parameters.AddWithValue("from", from);
        }

        if (query.To is { } to)
        {
            sql.Append(" AND at < @to");
            command.Parameters.AddWithValue("to", to);
        }

        if (query.Kind is not null)
        {
            sql.Append(" AND kind = @kind");
            command.Parameters.AddWithValue("kind", query.Kind);
        }

        if (query.AfterSequence is { } after)
        {
            sql.Append(" AND sequence > @after");
            command.Parameters.AddWithValue("after", after);
        }

        if (query.SubjectDigest is not null)
        {
            sql.Append(" AND subject_digest = @subject");
            command.Parameters.AddWithValue("subject", query.SubjectDigest);
        }

        sql.Append(" ORDER BY sequence LIMIT @limit");
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();

        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(reader));
        }

        return entries;
    }

    private static AuditEntry Read(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5))
        {
            Previous = reader.IsDBNull(6) ? null : reader.GetString(6),
            Mac = reader.IsDBNull(7) ? null : reader.GetString(7),
        };
}
