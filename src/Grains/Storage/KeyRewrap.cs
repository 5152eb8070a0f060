using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Protection;

namespace OrleansPersonalization.Storage;

/// <summary>
/// The step of a master-key rotation that lets the old key retire: every user data key wrapped again
/// with the current master key, recorded in the audit trail with the key's id and the count.
/// </summary>
public sealed class KeyRewrap(UserDataKeys keys, IAuditTrail audit, MasterKeyRing ring)
{
    public async Task<int> RunAsync(string actorRole, CancellationToken cancellationToken = default)
    {
        var rewrapped = await keys.RewrapAsync(cancellationToken);
        await audit.AppendAsync(AuditKinds.KeyRotation, actorRole, null, $"master={ring.CurrentId} rewrapped={rewrapped}", cancellationToken);
        return rewrapped;
    }
}
