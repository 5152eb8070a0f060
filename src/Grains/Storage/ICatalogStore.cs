using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Storage;

/// <summary>The stored catalog: one row per item and a version, so a change writes the items it changes and nothing else.</summary>
public interface ICatalogStore
{
    Task<(long Version, IReadOnlyList<CatalogItem> Items)> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the upserts and removals as version <paramref name="version"/>, all or nothing, if the
    /// stored version is still <paramref name="expectedVersion"/>; false when it is not (another writer).
    /// </summary>
    Task<bool> SaveAsync(long expectedVersion, long version, IReadOnlyCollection<CatalogItem> upserts, IReadOnlyCollection<string> removals, CancellationToken cancellationToken = default);
}
