using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

[StatelessWorker]
[GrainType("operations")]
public sealed class OperationsGrain(IStoreHealth store, IAuditTrail audit, AuditVerifier verifier, KeyRewrap rewrap)
    : Grain, IOperationsGrain
{
    public Task<bool> IsStoreHealthy() => store.IsHealthyAsync();

    public Task<IReadOnlyList<AuditEntry>> QueryAudit(AuditQuery query) => audit.QueryAsync(query);

    public Task<AuditVerification> VerifyAudit() => verifier.VerifyAsync();

    public async Task<ModelStatus> GetModelStatus()
    {
        var catalogVersion = await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetVersion();
        return await GrainFactory.GetGrain<IModelGrain>(IModelGrain.Key).GetStatus(catalogVersion);
    }

    public Task<int> RewrapKeys(string actorRole) => rewrap.RunAsync(actorRole);
}
