namespace OrleansPersonalization.Storage;

/// <summary>The key that chains the audit trail (see <see cref="Domain.Audit.AuditChain"/>). It never goes into the data store.</summary>
public sealed class AuditKey(byte[] key)
{
    public byte[] Bytes { get; } = key is { Length: >= 32 } ? key : throw new ArgumentException("The audit key needs at least 32 bytes.", nameof(key));
}
