using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

[StatelessWorker]
[GrainType("operations")]
public sealed class OperationsGrain(IStoreHealth store, IAuditTrail audit, AuditVerifier verifier) : Grain, IOperationsGrain
{
    public Task<bool> IsStoreHealthy() => store.IsHealthyAsync();

    public Task<IReadOnlyList<AuditEntry>> QueryAudit(AuditQuery query) => audit.QueryAsync(query);

    public Task<AuditVerification> VerifyAudit() => verifier.VerifyAsync();
}
