namespace OrleansPersonalization.Domain.Catalog;

/// <summary>
/// Which items changed in which catalog version, for the recent past: what lets a silo catch up by
/// the items that changed instead of copying the whole catalog. It holds at most a bounded number of
/// entries; a silo further behind than that (or behind the version the log started at, after the
/// catalog grain reactivated) gets the whole catalog.
/// </summary>
public sealed class CatalogChangeLog(long startVersion, int capacity = CatalogChangeLog.DefaultCapacity)
{
    public const int DefaultCapacity = 50_000;

    private readonly Queue<(long Version, string ItemId)> _entries = new();

    /// <summary>The oldest version a delta can start from.</summary>
    public long OldestDeltaBase { get; private set; } = startVersion;

    public void Record(long version, IEnumerable<string> itemIds)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        foreach (var itemId in itemIds)
        {
            _entries.Enqueue((version, itemId));
        }

        while (_entries.Count > capacity)
        {
            // Whoever knew the version of the entry dropped can no longer be told what changed after it.
            OldestDeltaBase = _entries.Dequeue().Version;
        }
    }

    /// <summary>What brings a silo at <paramref name="knownVersion"/> to <paramref name="current"/>; null when it is current.</summary>
    public CatalogUpdate? UpdateFor(long knownVersion, CatalogSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (knownVersion == current.Version)
        {
            return null;
        }

        if (knownVersion < OldestDeltaBase || knownVersion > current.Version)
        {
            return CatalogUpdate.Of(current);
        }

        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (version, itemId) in _entries)
        {
            if (version > knownVersion)
            {
                changed.Add(itemId);
            }
        }

        var lookup = current.Items;
        return new CatalogUpdate(
            current.Version,
            null,
            [.. changed.Where(lookup.ContainsKey).Select(id => lookup[id])],
            [.. changed.Where(id => !lookup.ContainsKey(id))]);
    }
}
