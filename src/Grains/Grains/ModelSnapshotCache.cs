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
    public Task RefreshAsync() => RefreshAsync(TimeSpan.Zero, CancellationToken.None);

    /// <summary>As <see cref="RefreshAsync()"/>, but waits up to <paramref name="wait"/> for a newer one when current.</summary>
    private async Task RefreshAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var served = Current;
        var model = grains.GetGrain<IModelGrain>(IModelGrain.Key);
        var (lineage, downdates) = (served.Dense?.Lineage, served.Dense?.Downdates ?? 0);
        var update = wait > TimeSpan.Zero
            ? await model.WaitForUpdate(served.Version, lineage, downdates, wait).WaitAsync(cancellationToken)
            : await model.GetUpdate(served.Version, lineage, downdates);
        if (update is not null)
        {
            // A removal update is downdated here, off the request path: O(n²) per removed item, not n² doubles over the wire.
            var next = update.DenseByChanges ? await Task.Run(() => update.ApplyTo(served)) : update.Snapshot;

            // What scoring reads is built here, before the first request needs it.
            await Task.Run(() =>
            {
                next.Dense?.ScoringWeights();
                next.Scoring();
            }, CancellationToken.None);
            Volatile.Write(ref _current, next);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A long poll: the model grain answers as soon as it publishes (at most a few seconds later
        // when nothing changes); a pause between calls keeps a failing grain from being hammered.
        var pause = TimeSpan.FromMilliseconds(options.Value.SnapshotIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed, the loop must live on: the next call tries again; meanwhile the previous snapshot keeps serving.
                logger.SnapshotRefreshFailed(exception);
                await Task.Delay(pause, stoppingToken);
            }
        }
    }
}
