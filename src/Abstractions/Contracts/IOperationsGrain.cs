using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;

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

    /// <summary>The shared model as served with the current catalog, in a few numbers (the model itself stays inside the cluster).</summary>
    [Alias("get-model-status"), ResponseTimeout(LongOperations.Timeout)]
    Task<ModelStatus> GetModelStatus();
}
