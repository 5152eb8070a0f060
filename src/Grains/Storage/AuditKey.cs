namespace OrleansPersonalization.Storage;

/// <summary>The key that chains the audit trail (see <see cref="Domain.Audit.AuditChain"/>). It never goes into the data store.</summary>
public sealed class AuditKey(byte[] key)
{
    public byte[] Bytes { get; } = key is { Length: >= 32 } ? key : throw new ArgumentException("The audit key needs at least 32 bytes.", nameof(key));

    /// <summary>
    /// <c>Audit:AdoptLegacyEntries</c>: the operator, holding this key, vouches for entries written
    /// before the chain existed, which the next append then chains. Off by default, because a
    /// trail whose MACs and head were stripped looks exactly like such a store: adopting it
    /// automatically would launder the tampering. Set it once for the upgrade, then remove it.
    /// </summary>
    public bool AdoptsLegacyEntries { get; init; }
}
