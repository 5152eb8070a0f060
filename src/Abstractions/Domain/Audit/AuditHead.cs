namespace OrleansPersonalization.Domain.Audit;

/// <summary>The newest entry's sequence and MAC, sealed with the audit key.</summary>
public sealed record AuditHead(long Sequence, string Mac, string Seal);
