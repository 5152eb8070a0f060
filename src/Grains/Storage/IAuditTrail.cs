using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Storage;

/// <summary>The durable, append-only, hash-chained audit trail.</summary>
public interface IAuditTrail
{
    /// <summary>Appends one entry, linked to the one before it, and moves the sealed head; appends are serialized across silos.</summary>
    Task AppendAsync(string kind, string actorRole, string? subjectDigest, string? detail, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every entry in sequence order, with its links: what verification walks.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken = default);

    Task<AuditHead?> ReadHeadAsync(CancellationToken cancellationToken = default);
}
