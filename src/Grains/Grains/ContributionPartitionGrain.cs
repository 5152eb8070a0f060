using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Gathers its users' contribution changes while one call to the model grain is in flight and sends
/// them together as the next call. Nothing waits for a timer: an idle partition sends a change at
/// once, a busy one sends everything that arrived during the previous call. Reentrant, so callers
/// keep arriving while a call is in flight; every turn runs on the grain's own scheduler, so the
/// pending batch needs no lock.
/// </summary>
[GrainType("contribution-partition"), Reentrant]
public sealed class ContributionPartitionGrain(IGrainFactory grains) : Grain, IContributionPartitionGrain
{
    private readonly ContributionBatch _pending = new();
    private TaskCompletionSource _nextCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _sending = Task.CompletedTask;

    public Task SetContribution(string userKey, ImmutableSortedSet<string> items)
    {
        _pending.Set(userKey, items);
        var acknowledged = _nextCall.Task;
        if (_sending.IsCompleted)
        {
            _sending = SendAsync();
        }

        return acknowledged;
    }

    private async Task SendAsync()
    {
        var model = grains.GetGrain<IModelGrain>(IModelGrain.Key);
        while (_pending.Count > 0)
        {
            var batch = _pending.Take();
            var call = _nextCall;
            _nextCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                await model.SetContributions(batch);
                call.TrySetResult();
            }
            catch (Exception exception)
            {
                // Every caller in the batch learns it failed and retries its own change (idempotent).
                call.TrySetException(exception);
            }
        }
    }
}
