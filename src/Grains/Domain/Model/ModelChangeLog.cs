namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// Which items' lists or counts changed in which published model version, for the recent past: what
/// lets a silo catch up by a <see cref="ModelDelta"/> instead of copying the whole snapshot. Bounded;
/// a silo further behind, or at a version this log never saw (it joined, or the model grain
/// reactivated with a new epoch), gets the whole snapshot.
/// </summary>
public sealed class ModelChangeLog(int capacity = ModelChangeLog.DefaultCapacity)
{
    public const int DefaultCapacity = 200_000;

    private readonly Queue<(long Publication, string ItemId)> _entries = new();
    private readonly Dictionary<string, long> _publications = new(StringComparer.Ordinal);
    private readonly Queue<string> _versions = new();
    private long _publication;
    private long _oldestBase;

    /// <summary>Records that <paramref name="version"/> was published with <paramref name="changedItems"/> changed since the one before.</summary>
    public void Record(string version, IEnumerable<string> changedItems)
    {
        ArgumentNullException.ThrowIfNull(changedItems);
        _publication++;
        foreach (var item in changedItems)
        {
            _entries.Enqueue((_publication, item));
        }

        _publications[version] = _publication;
        _versions.Enqueue(version);
        while (_entries.Count > capacity)
        {
            // Whoever knew a version up to the dropped entry's can no longer be told what changed after it.
            _oldestBase = _entries.Dequeue().Publication;
        }

        while (_versions.Count > 0 && _publications[_versions.Peek()] < _oldestBase)
        {
            _publications.Remove(_versions.Dequeue());
        }
    }

    /// <summary>
    /// What brings a silo at <paramref name="knownVersion"/> to <paramref name="current"/> (the version
    /// recorded last); null when the log cannot say (the silo then needs the whole snapshot).
    /// </summary>
    public ModelDelta? DeltaFor(string knownVersion, ModelSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!_publications.TryGetValue(knownVersion, out var known) || known < _oldestBase
            || !_publications.TryGetValue(current.Version, out var latest) || latest != _publication)
        {
            return null;
        }

        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (publication, item) in _entries)
        {
            if (publication > known)
            {
                changed.Add(item);
            }
        }

        return ModelDelta.Of(changed, current);
    }
}
