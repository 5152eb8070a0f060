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
        var newer = await grains.GetGrain<IModelGrain>(IModelGrain.Key).GetPublishedSnapshotIfNewer(Current.Version);
        if (newer is not null)
        {
            Volatile.Write(ref _current, newer);
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
