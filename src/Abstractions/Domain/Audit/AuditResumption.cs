namespace OrleansPersonalization.Domain.Audit;

/// <summary>
/// How an append continues a trail that has no sealed head (<see cref="AuditChain.Resume"/>):
/// entries from before the chain to rewrite with their new links, or a marker entry that records
/// tampering, and the head they end in (null for an empty trail).
/// </summary>
public sealed record AuditResumption(
    IReadOnlyList<(long OldSequence, AuditEntry Chained)> Rechained,
    AuditEntry? TamperMarker,
    AuditHead? Head);
