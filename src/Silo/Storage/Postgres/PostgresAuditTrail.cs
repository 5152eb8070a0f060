using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public sealed class PostgresAuditTrail(PostgresDataSource database, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IAuditTrail
{
    public async Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default)
    {
        await using var command = database.Command("""
            INSERT INTO personalization_audit_log (at, kind, actor_role, subject_digest, detail)
            VALUES (@at, @kind, @actor, @subject, @detail)
            """);
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("actor", actorRole);
        command.Parameters.AddWithValue("subject", (object?)subjectDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT sequence, at, kind, actor_role, subject_digest, detail FROM personalization_audit_log WHERE true");
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
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }
}
