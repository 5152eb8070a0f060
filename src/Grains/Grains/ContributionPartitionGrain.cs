using System.Collections.Immutable;
using System.Diagnostics;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Telemetry;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Gathers its users' contribution changes while one call to the model grain is in flight and sends
/// them together as the next call. Nothing waits for a timer: an idle partition sends a change at
/// once, a busy one sends everything that arrived during the previous call. Reentrant, so callers
/// keep arriving while a call is in flight; every turn runs on the grain's own scheduler, so the
/// pending batch needs no lock.
/// </summary>
[GrainType("contribution-partition"), Reentrant]
public sealed class ContributionPartitionGrain(IGrainFactory grains, ModelMetrics metrics) : Grain, IContributionPartitionGrain
{
    private readonly ContributionBatch _pending = new();
    private TaskCompletionSource _nextCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _sending = Task.CompletedTask;

    public async Task SetContribution(string userKey, ImmutableSortedSet<string> items)
    {
        var started = Stopwatch.GetTimestamp();
        _pending.Set(userKey, items);
        var acknowledged = _nextCall.Task;
        if (_sending.IsCompleted)
        {
            _sending = SendAsync();
        }

        await acknowledged;
        metrics.ContributionTaken(items.IsEmpty ? "leave" : "set", Stopwatch.GetElapsedTime(started));
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
