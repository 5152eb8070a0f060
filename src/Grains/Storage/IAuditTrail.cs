using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Storage;

/// <summary>The durable, append-only audit trail.</summary>
public interface IAuditTrail
{
    Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
