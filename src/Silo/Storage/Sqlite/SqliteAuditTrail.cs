using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteAuditTrail(SqliteDatabase database, [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : IAuditTrail
{
    public async Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log (at, kind, actor_role, subject_digest, detail)
            VALUES ($at, $kind, $actor, $subject, $detail)
            """;
        command.Parameters.AddWithValue("$at", Format(clock.GetUtcNow()));
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$actor", actorRole);
        command.Parameters.AddWithValue("$subject", (object?)subjectDigest ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT sequence, at, kind, actor_role, subject_digest, detail FROM audit_log WHERE 1 = 1");
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
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }

    // A fixed-width UTC format sorts correctly as text.
    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
