using System.Collections.Immutable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

[GrainType("catalog")]
public sealed class CatalogGrain(
    [PersistentState(StorageNames.CatalogState, StorageNames.Provider)] IPersistentState<CatalogState> state,
    IAuditTrail audit,
    IHostApplicationLifetime lifetime,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    /// <summary>The longest a silo's wait for a change is held: well below the cluster's response timeout.</summary>
    private static readonly TimeSpan MaxUpdateWait = TimeSpan.FromSeconds(5);

    private CatalogSnapshot? _snapshot;
    private CatalogChangeLog? _log;
    private readonly ChangeSignal _changed = new();

    private CatalogChangeLog Log => _log ??= new CatalogChangeLog(state.State.Version);

    public async Task<CatalogItem> Upsert(CatalogItem item, string actorRole)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (state.State.Items.TryGetValue(item.ItemId, out var existing) && existing == item)
        {
            return existing;
        }

        await SaveAsync(state.State with { Items = state.State.Items.SetItem(item.ItemId, item) }, [item.ItemId]);
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert item={item.ItemId}");
        logger.CatalogChanged(item.ItemId, "upserted");
        return item;
    }

    public async Task UpsertMany(ImmutableArray<CatalogItem> items, string actorRole)
    {
        await SaveAsync(state.State with { Items = state.State.Items.SetItems(items.Select(i => KeyValuePair.Create(i.ItemId, i))) }, items.Select(i => i.ItemId));
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert items={items.Length}");
    }

    public async Task Remove(string itemId, string actorRole)
    {
        if (!state.State.Items.ContainsKey(itemId))
        {
            return;
        }

        await SaveAsync(state.State with { Items = state.State.Items.Remove(itemId) }, [itemId]);
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

    private CatalogSnapshot Snapshot() => _snapshot ??= new CatalogSnapshot(state.State.Version, state.State.Items);

    private async Task SaveAsync(CatalogState next, IEnumerable<string> changedItems)
    {
        // Readers interleave with the write: they keep the stored version until the new one is stored.
        _ = Snapshot();
        var log = Log;
        var previous = state.State;
        state.State = next with { Version = previous.Version + 1 };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored is not changed: the copies must never see what the store does not hold.
            state.State = previous;
            throw;
        }

        _snapshot = null;
        log.Record(state.State.Version, changedItems);

        // Wakes the silos waiting in WaitForUpdate: their copies change at once rather than at their next look.
        _changed.Fire();
    }
}
