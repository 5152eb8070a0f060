using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Grains;

/// <summary>
/// This silo's copy of the shared model. Recommendations read <see cref="Current"/>, a local
/// immutable snapshot, so they need no network hop. A silo that holds the published dense model's
/// lineage receives only the steps since its copy and applies them itself, and the neighbour lists and
/// counts that changed; a silo that joins or restarts fetches the whole snapshot.
/// </summary>
public sealed class ModelSnapshotCache(IGrainFactory grains, IOptions<ModelOptions> options, ILogger<ModelSnapshotCache> logger)
    : SiloLocalCopy(logger, "model", TimeSpan.FromMilliseconds(options.Value.SnapshotIntervalMilliseconds))
{
    private ModelSnapshot _current = ModelSnapshot.Empty;

    public ModelSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The copy, fetched first when this silo has none yet (only right after it started), rather than answering without it.</summary>
    public async ValueTask<ModelSnapshot> CurrentAsync()
    {
        if (ReferenceEquals(Current, ModelSnapshot.Empty))
        {
            await RefreshAsync();
        }

        return Current;
    }

    protected override async Task RefreshAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var model = grains.GetGrain<IModelGrain>(IModelGrain.Key);
        while (true)
        {
            var served = Current;
            var (lineage, downdates) = (served.Dense?.Lineage, served.Dense?.Downdates ?? 0);
            var update = wait > TimeSpan.Zero
                ? await model.WaitForUpdate(served.Version, lineage, downdates, wait).WaitAsync(cancellationToken)
                : await model.GetUpdate(served.Version, lineage, downdates);
            if (update is null)
            {
                return;
            }

            // A removal update is downdated here, off the request path: O(n²) per removed item, not n² doubles
            // over the wire; changed neighbour lists and counts are applied to this silo's copy the same way.
            var next = update.ContinuesServed ? await Task.Run(() => update.ApplyTo(served), CancellationToken.None) : update.Snapshot;

            // What scoring reads is built here, before the first request needs it.
            await Task.Run(() =>
            {
                next.Dense?.PrepareScoring();
                next.Scoring();
            }, CancellationToken.None);

            // Two refreshes can run at once (the long poll and a reader's): the one that lost the race
            // must not put back an older model, so it asks again from what the winner serves.
            if (Interlocked.CompareExchange(ref _current, next, served) == served)
            {
                return;
            }

            wait = TimeSpan.Zero;
        }
    }
}
