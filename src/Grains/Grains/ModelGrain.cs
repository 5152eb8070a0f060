using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>Holds the shared model's counts; every contribution delta is persisted before it is acknowledged.</summary>
[GrainType("model")]
public sealed class ModelGrain(
    [PersistentState(StorageNames.ModelState, StorageNames.Provider)] IPersistentState<PopularityModel> state,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock) : Grain, IModelGrain
{
    public async Task Apply(ContributionDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.IsEmpty)
        {
            return;
        }

        state.State = state.State.Apply(delta, clock.GetUtcNow());
        await state.WriteStateAsync();
    }

    public Task<PopularityModel> GetModel() => Task.FromResult(state.State);

    public async Task<PopularityModel> Replace(PopularityModel rebuilt)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        state.State = rebuilt with { Version = state.State.Version + 1, BuiltAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        return state.State;
    }
}
