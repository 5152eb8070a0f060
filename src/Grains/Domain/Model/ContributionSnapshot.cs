using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The contributions of a moment, frozen: what a from-scratch dense solve reads, taken in the model
/// grain's turn in a few milliseconds (the item sets are shared, never mutated: a change replaces a
/// contributor's array) and read off the turn. Building the Gram matrices inside the turn took
/// seconds at 100,000 contributors, during which no erasure could be acknowledged.
/// </summary>
public sealed class ContributionSnapshot
{
    private readonly string[] _items;
    private readonly long[] _itemCounts;
    private readonly KeyValuePair<string, int[]>[] _contributions;

    internal ContributionSnapshot(string[] items, long[] itemCounts, KeyValuePair<string, int[]>[] contributions)
    {
        (_items, _itemCounts, _contributions) = (items, itemCounts, contributions);
    }

    public int Contributors => _contributions.Length;

    /// <summary>Items held by at least <paramref name="minimumSupport"/> contributors, with their counts.</summary>
    public ImmutableSortedDictionary<string, long> ItemCounts(int minimumSupport)
    {
        var threshold = Math.Max(1, minimumSupport);
        return _items.Select((item, i) => (item, count: _itemCounts[i]))
            .Where(x => x.count >= threshold)
            .ToImmutableSortedDictionary(x => x.item, x => x.count, StringComparer.Ordinal);
    }

    /// <summary>
    /// The item sets of the first <paramref name="count"/> contributors in key order (for training the
    /// ranking stage on exactly what the model holds); item ids are resolved for those alone.
    /// </summary>
    public IReadOnlyList<(string Contributor, string[] Items)> FirstContributions(int count) =>
    [
        .. _contributions.OrderBy(c => c.Key, StringComparer.Ordinal).Take(count)
            .Select(c => (c.Key, c.Value.Select(i => _items[i]).ToArray())),
    ];

    /// <summary>Every contributor's items (ids, not positions), for remembering what a model was fitted on.</summary>
    public Dictionary<string, string[]> ContributionsById() =>
        _contributions.ToDictionary(c => c.Key, c => c.Value.Select(i => _items[i]).ToArray(), StringComparer.Ordinal);

    /// <summary>
    /// Over <paramref name="items"/>, row-major in their order, in one pass over the contributors: the
    /// weighted Gram (Σ over contributors of <paramref name="weight"/>(their set's size) for each pair
    /// and item they hold, summed in contributor key order so the same contributions always give the
    /// same doubles) and the integer Gram (how many contributors hold each item and each pair).
    /// </summary>
    public (double[] Weighted, int[] Counts) GramsOver(IReadOnlyList<string> items, Func<int, double> weight)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(weight);
        var n = items.Count;
        var weighted = new double[n * n];
        var counts = new int[n * n];
        var index = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (var i = 0; i < _items.Length; i++)
        {
            index[_items[i]] = i;
        }

        var dense = new int[_items.Length];
        Array.Fill(dense, -1);
        for (var d = 0; d < n; d++)
        {
            if (index.TryGetValue(items[d], out var i))
            {
                dense[i] = d;
            }
        }

        var held = new List<int>();
        foreach (var (_, set) in _contributions.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var w = weight(set.Length);
            held.Clear();
            foreach (var i in set)
            {
                if (dense[i] >= 0)
                {
                    held.Add(dense[i]);
                }
            }

            foreach (var a in held)
            {
                var row = a * n;
                foreach (var b in held)
                {
                    weighted[row + b] += w;
                    counts[row + b]++;
                }
            }
        }

        return (weighted, counts);
    }
}
