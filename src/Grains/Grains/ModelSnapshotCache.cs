using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Logging;

namespace OrleansPersonalization.Grains;

/// <summary>
/// This silo's copy of the shared model. Recommendations read <see cref="Current"/>, a local
/// immutable snapshot, so they need no network hop; a background loop swaps in each newer
/// snapshot the model grain publishes. A silo that joins or restarts fetches the current one.
/// </summary>
public sealed class ModelSnapshotCache(IGrainFactory grains, IOptions<ModelOptions> options, ILogger<ModelSnapshotCache> logger) : BackgroundService
{
    private ModelSnapshot _current = ModelSnapshot.Empty;

    public ModelSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Fetches the published snapshot now if it is newer than the one served.</summary>
    public async Task RefreshAsync()
    {
        var served = Current;
        var update = await grains.GetGrain<IModelGrain>(IModelGrain.Key).GetUpdate(served.Version, served.Dense?.Lineage, served.Dense?.Downdates ?? 0);
        if (update is not null)
        {
            // A removal update is downdated here, off the request path: O(n²) per removed item, not n² doubles over the wire.
            var next = update.DenseByChanges ? await Task.Run(() => update.ApplyTo(served)) : update.Snapshot;
            Volatile.Write(ref _current, next);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SnapshotIntervalMilliseconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException)
            {
                // The next tick tries again; meanwhile the previous snapshot keeps serving.
                logger.SnapshotRefreshFailed(exception);
            }
        }
    }
}
