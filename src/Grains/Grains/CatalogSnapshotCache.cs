using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Grains;

/// <summary>
/// This silo's copy of the catalog: recommendations, similar items and category checks read
/// <see cref="Current"/> with no grain call. Changes arrive as the changed items alone.
/// </summary>
public sealed class CatalogSnapshotCache(IGrainFactory grains, ILogger<CatalogSnapshotCache> logger)
    : SiloLocalCopy(logger, "catalog", TimeSpan.FromMilliseconds(200)), ILocalCatalogCopy
{
    private CatalogSnapshot? _current;
    private readonly SemaphoreSlim _first = new(1, 1);

    /// <summary>The copy; the empty catalog until the first fetch.</summary>
    public CatalogSnapshot Current => Volatile.Read(ref _current) ?? CatalogSnapshot.Empty;

    /// <summary>The copy, fetched first when this silo has none yet (only right after it started).</summary>
    public async ValueTask<CatalogSnapshot> CurrentAsync()
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            return current;
        }

        await _first.WaitAsync();
        try
        {
            if (Volatile.Read(ref _current) is null)
            {
                await RefreshAsync();
            }
        }
        finally
        {
            _first.Release();
        }

        return Current;
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until the copy holds <paramref name="version"/> or
    /// newer: a write through this host is then read back by it.
    /// </summary>
    public async Task<bool> WaitForVersionAsync(long version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Current.Version < version || Volatile.Read(ref _current) is null)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await RefreshAsync();
        }

        return true;
    }

    protected override async Task RefreshAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var served = Volatile.Read(ref _current);
        var update = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key)
            .WaitForUpdate(served?.Version ?? -1, served is null ? TimeSpan.Zero : wait)
            .WaitAsync(cancellationToken);
        if (update is not null)
        {
            // Racing refreshes (the loop and a reader) must never move the copy back.
            var next = update.ApplyTo(served ?? CatalogSnapshot.Empty);
            next.Lookup();
            if (Interlocked.CompareExchange(ref _current, next, served) != served && Current.Version < next.Version)
            {
                Volatile.Write(ref _current, next);
            }
        }
        else if (served is null)
        {
            Interlocked.CompareExchange(ref _current, CatalogSnapshot.Empty, null);
        }
    }
}
