using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Recomputes the model from scratch by asking every stored user for its contribution. One
/// activation, so two rebuilds never race each other.
/// </summary>
[GrainType("model-rebuilder")]
public sealed class ModelRebuilderGrain(
    IGrainFactory grains,
    IUserDirectory users,
    IAuditTrail audit,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<ModelRebuilderGrain> logger) : Grain, IModelRebuilderGrain
{
    private const int Parallelism = 32;

    public async Task<PopularityModel> Rebuild(string actorRole)
    {
        var contributions = new List<ImmutableSortedSet<string>>();
        var batch = new List<string>(Parallelism);
        await foreach (var key in users.UserKeysAsync())
        {
            batch.Add(key);
            if (batch.Count == Parallelism)
            {
                contributions.AddRange(await ContributionsOf(batch));
                batch.Clear();
            }
        }

        contributions.AddRange(await ContributionsOf(batch));
        var rebuilt = PopularityModel.Build(contributions, 0, clock.GetUtcNow());
        var served = await grains.GetGrain<IModelGrain>(IModelGrain.Key).Replace(rebuilt);
        await audit.AppendAsync(AuditKinds.ModelRebuild, actorRole, null, $"version={served.Version} contributors={served.Contributors}");
        logger.ModelRebuilt(served.Contributors, served.Version);
        return served;
    }

    private Task<ImmutableSortedSet<string>[]> ContributionsOf(List<string> keys) =>
        Task.WhenAll(keys.Select(k => grains.GetGrain<IUserGrain>(k).GetModelContribution()));
}
