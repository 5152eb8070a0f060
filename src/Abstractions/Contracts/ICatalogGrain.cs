using System.Collections.Immutable;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// The item catalog (one activation, key <see cref="Key"/>): where it is written. Nothing on the
/// request path reads it: every silo keeps a copy (<c>CatalogSnapshotCache</c>) that it brings up to
/// date with <see cref="WaitForUpdate"/>.
/// </summary>
[Alias("catalog")]
public interface ICatalogGrain : IGrainWithStringKey
{
    const string Key = "default";

    [Alias("upsert")]
    Task<CatalogItem> Upsert(CatalogItem item, string actorRole);

    /// <summary>Adds or replaces many items in one write (catalog imports).</summary>
    [Alias("upsert-many"), ResponseTimeout(LongOperations.Timeout)]
    Task UpsertMany(ImmutableArray<CatalogItem> items, string actorRole);

    [Alias("remove")]
    Task Remove(string itemId, string actorRole);

    [Alias("get-snapshot"), ReadOnly]
    Task<CatalogSnapshot> GetSnapshot();

    [Alias("get-version"), ReadOnly]
    Task<long> GetVersion();

    /// <summary>
    /// What brings a copy at <paramref name="knownVersion"/> to the current catalog (the changed items
    /// alone when the grain still knows them), or null when it is current. When it is current it waits
    /// (at most <paramref name="maxWait"/>, capped at a few seconds) for the next change, so silos
    /// learn of a change at once; it interleaves, so waiting holds nothing up.
    /// </summary>
    [Alias("wait-for-update"), AlwaysInterleave]
    Task<CatalogUpdate?> WaitForUpdate(long knownVersion, TimeSpan maxWait);
}
