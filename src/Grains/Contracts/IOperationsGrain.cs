using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Contracts;

/// <summary>Silo-side operations the API tier needs without touching the store itself.</summary>
[Alias("operations")]
public interface IOperationsGrain : IGrainWithIntegerKey
{
    [Alias("store-healthy")]
    Task<bool> IsStoreHealthy();

    [Alias("query-audit")]
    Task<IReadOnlyList<AuditEntry>> QueryAudit(AuditQuery query);

    [Alias("verify-audit"), ResponseTimeout(LongOperations.Timeout)]
    Task<AuditVerification> VerifyAudit();

    /// <summary>Re-wraps every user data key with the current master key (the step of a rotation that lets the old key retire).</summary>
    [Alias("rewrap-keys"), ResponseTimeout(LongOperations.Timeout)]
    Task<int> RewrapKeys(string actorRole);
}
