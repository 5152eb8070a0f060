using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>
/// The catalog. Items are stored one row each (<see cref="ICatalogStore"/>), so a change costs the
/// items it changes whatever the catalog's size; the grain keeps the whole catalog in memory and
/// tells the silos' copies what changed.
/// </summary>
[GrainType("catalog")]
public sealed class CatalogGrain(
    [PersistentState(StorageNames.CatalogState, StorageNames.Provider)] IPersistentState<CatalogState> legacy,
    ICatalogStore store,
    IAuditTrail audit,
    IHostApplicationLifetime lifetime,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    /// <summary>The longest a silo's wait for a change is held: well below the cluster's response timeout.</summary>
    private static readonly TimeSpan MaxUpdateWait = TimeSpan.FromSeconds(5);

    private CatalogState _current = new();
    private CatalogSnapshot? _snapshot;
    private CatalogChangeLog? _log;
    private readonly ChangeSignal _changed = new();

    private CatalogChangeLog Log => _log ??= new CatalogChangeLog(_current.Version);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (version, items) = await store.LoadAsync(cancellationToken);
        if (version == 0 && legacy.State.Items.Count > 0)
        {
            // A catalog an earlier version stored as one grain-state row: moved to rows once, then the row goes.
            var stored = legacy.State;
            if (!await store.SaveAsync(0, stored.Version, [.. stored.Items.Values], [], cancellationToken))
            {
                throw new Orleans.Storage.InconsistentStateException("The catalog was stored by another activation while it was being moved.");
            }

            await legacy.ClearStateAsync(cancellationToken);
            (version, items) = (stored.Version, [.. stored.Items.Values]);
        }

        _current = new CatalogState
        {
            Version = version,
            Items = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items.Select(i => KeyValuePair.Create(i.ItemId, i))),
        };
    }

    public async Task<CatalogItem> Upsert(CatalogItem item, string actorRole)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_current.Items.TryGetValue(item.ItemId, out var existing) && existing == item)
        {
            return existing;
        }

        await SaveAsync([item], []);
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert item={item.ItemId}");
        logger.CatalogChanged(item.ItemId, "upserted");
        return item;
    }

    public async Task UpsertMany(ImmutableArray<CatalogItem> items, string actorRole)
    {
        // The last of several entries for one item wins; entries equal to what is stored change nothing.
        var changed = items
            .GroupBy(i => i.ItemId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .Where(i => !_current.Items.TryGetValue(i.ItemId, out var existing) || existing != i)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        await SaveAsync(changed, []);
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert items={changed.Count}");
    }

    public async Task Remove(string itemId, string actorRole)
    {
        if (!_current.Items.ContainsKey(itemId))
        {
            return;
        }

        await SaveAsync([], [itemId]);
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"remove item={itemId}");
        logger.CatalogChanged(itemId, "removed");
    }

    public Task<CatalogSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task<long> GetVersion() => Task.FromResult(Snapshot().Version);

    public async Task<CatalogUpdate?> WaitForUpdate(long knownVersion, TimeSpan maxWait)
    {
        if (knownVersion == Snapshot().Version)
        {
            await _changed.WaitAsync(maxWait < MaxUpdateWait ? maxWait : MaxUpdateWait, lifetime.ApplicationStopping);
        }

        return Log.UpdateFor(knownVersion, Snapshot());
    }

    private CatalogSnapshot Snapshot() => _snapshot ??= new CatalogSnapshot(_current.Version, _current.Items);

    private async Task SaveAsync(IReadOnlyCollection<CatalogItem> upserts, IReadOnlyCollection<string> removals)
    {
        // Readers interleave with the write: they keep the stored version until the new one is stored.
        _ = Snapshot();
        var log = Log;
        var version = _current.Version + 1;
        if (!await store.SaveAsync(_current.Version, version, upserts, removals))
        {
            // Another activation wrote (a silo that was thought dead): this one's view is stale. Not
            // stored is not changed; the next call reads the catalog afresh.
            this.DeactivateOnIdle();
            throw new Orleans.Storage.InconsistentStateException("The stored catalog changed since it was read.");
        }

        _current = new CatalogState
        {
            Version = version,
            Items = _current.Items.SetItems(upserts.Select(i => KeyValuePair.Create(i.ItemId, i))).RemoveRange(removals),
        };
        _snapshot = null;
        log.Record(version, upserts.Select(i => i.ItemId).Concat(removals));

        // Wakes the silos waiting in WaitForUpdate: their copies change at once rather than at their next look.
        _changed.Fire();
    }
}
