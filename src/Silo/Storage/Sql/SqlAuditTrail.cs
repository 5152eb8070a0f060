using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sql;

public sealed class SqlAuditTrail(SqlStore store, AuditKey key, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IAuditTrail
{
    private const string Columns = "sequence, at, kind, actor_role, subject_digest, detail, previous, mac";
    private readonly string _log = store.Dialect.Table("audit_log");
    private readonly string _head = store.Dialect.Table("audit_head");

    public Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default) =>
        store.WriteAsync(async (session, token) =>
        {
            // Appends are serialized (the store's single writer, or a lock every process takes), so each links to the true head.
            if (session.Dialect.AuditAppendLock is { } appendLock)
            {
                await session.ExecuteAsync(appendLock, token);
            }

            var head = await ReadHeadAsync(session, token) ?? await ResumeWithoutHeadAsync(session, token);
            var sequence = (head?.Sequence ?? 0) + 1;
            var previous = head?.Mac ?? AuditChain.Genesis;
            var at = AuditChain.Normalize(clock.GetUtcNow());
            var mac = AuditChain.Link(key.Bytes, sequence, at, kind, actorRole, subjectDigest, detail, previous);
            await InsertAsync(session, new AuditEntry(sequence, at, kind, actorRole, subjectDigest, detail) { Previous = previous, Mac = mac }, token);
            await session.ExecuteAsync(
                $"""
                INSERT INTO {_head} (id, sequence, mac, seal) VALUES (1, @sequence, @mac, @seal)
                ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, mac = excluded.mac, seal = excluded.seal
                """,
                token, ("sequence", sequence), ("mac", mac), ("seal", AuditChain.Seal(key.Bytes, sequence, mac)));
        }, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        await using var command = session.Command($"SELECT {Columns} FROM {_log} ORDER BY sequence");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(session.Dialect, reader);
        }
    }

    public async Task<AuditHead?> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        return await ReadHeadAsync(session, cancellationToken);
    }

    /// <summary>
    /// No sealed head: a store from before the chain has its entries chained as they are; a head
    /// missing beside MAC'd entries is tampering, recorded, never re-chained (<see cref="AuditChain.Resume"/>).
    /// </summary>
    private async Task<AuditHead?> ResumeWithoutHeadAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var legacy = new List<AuditEntry>();
        await using (var select = session.Command($"SELECT {Columns} FROM {_log} ORDER BY sequence"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                legacy.Add(Read(session.Dialect, reader));
            }
        }

        var resumed = AuditChain.Resume(key.Bytes, legacy, clock.GetUtcNow(), key.AdoptsLegacyEntries);
        foreach (var (oldSequence, entry) in resumed.Rechained)
        {
            await session.ExecuteAsync(
                $"UPDATE {_log} SET sequence = @sequence, previous = @previous, mac = @mac WHERE sequence = @old",
                cancellationToken, ("sequence", entry.Sequence), ("previous", entry.Previous), ("mac", entry.Mac), ("old", oldSequence));
        }

        if (resumed.TamperMarker is { } marker)
        {
            await InsertAsync(session, marker, cancellationToken);
        }

        return resumed.Head;
    }

    private Task<int> InsertAsync(SqlSession session, AuditEntry entry, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            $"INSERT INTO {_log} ({Columns}) VALUES (@sequence, @at, @kind, @actor, @subject, @detail, @previous, @mac)",
            cancellationToken,
            ("sequence", entry.Sequence), ("at", entry.At), ("kind", entry.Kind), ("actor", entry.ActorRole),
            ("subject", entry.SubjectDigest), ("detail", entry.Detail), ("previous", entry.Previous), ("mac", entry.Mac));

    private async Task<AuditHead?> ReadHeadAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Command($"SELECT sequence, mac, seal FROM {_head} WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AuditHead(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Columns} FROM {_log} WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            parameters.Add((name, value));
        }

        if (query.From is { } from)
        {
            Where("at >= @from", "from", from);
        }

        if (query.To is { } to)
        {
            Where("at < @to", "to", to);
        }

        if (query.Kind is not null)
        {
            Where("kind = @kind", "kind", query.Kind);
        }

        if (query.AfterSequence is { } after)
        {
            Where("sequence > @after", "after", after);
        }

        if (query.SubjectDigest is not null)
        {
            Where("subject_digest = @subject", "subject", query.SubjectDigest);
        }

        sql.Append(" ORDER BY sequence LIMIT @limit");
        parameters.Add(("limit", query.Limit));

        await using var session = await store.ReadAsync(cancellationToken);
        await using var command = session.Command(sql.ToString(), [.. parameters]);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(Read(session.Dialect, reader));
        }

        return entries;
    }

    private static AuditEntry Read(SqlDialect dialect, DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            dialect.ReadTime(reader, 1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5))
        {
            Previous = reader.IsDBNull(6) ? null : reader.GetString(6),
            Mac = reader.IsDBNull(7) ? null : reader.GetString(7),
        };
}
