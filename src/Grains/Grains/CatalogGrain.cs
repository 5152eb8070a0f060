using System.Collections.Immutable;
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
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private CatalogSnapshot? _snapshot;

    public async Task<CatalogItem> Upsert(CatalogItem item, string actorRole)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (state.State.Items.TryGetValue(item.ItemId, out var existing) && existing == item)
        {
            return existing;
        }

        await SaveAsync(state.State with { Items = state.State.Items.SetItem(item.ItemId, item) });
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert item={item.ItemId}");
        logger.CatalogChanged(item.ItemId, "upserted");
        return item;
    }

    public async Task UpsertMany(ImmutableArray<CatalogItem> items, string actorRole)
    {
        await SaveAsync(state.State with { Items = state.State.Items.SetItems(items.Select(i => KeyValuePair.Create(i.ItemId, i))) });
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"upsert items={items.Length}");
    }

    public async Task Remove(string itemId, string actorRole)
    {
        if (!state.State.Items.ContainsKey(itemId))
        {
            return;
        }

        await SaveAsync(state.State with { Items = state.State.Items.Remove(itemId) });
        await audit.AppendAsync(AuditKinds.CatalogChange, actorRole, null, $"remove item={itemId}");
        logger.CatalogChanged(itemId, "removed");
    }

    public Task<CatalogSnapshot> GetSnapshot() =>
        Task.FromResult(_snapshot ??= new CatalogSnapshot(state.State.Version, state.State.Items));

    private async Task SaveAsync(CatalogState next)
    {
        state.State = next with { Version = state.State.Version + 1 };
        _snapshot = null;
        await state.WriteStateAsync();
    }
}
