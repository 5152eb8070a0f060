using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The shared model's sufficient statistics: each contributor's item set, how many contributors
/// hold each item, and how many hold each pair of items. Every number is an integer sum over
/// contributors, so replacing or removing one contributor's set is exact, and the statistics after
/// any sequence of changes equal those built from scratch over the remaining contributors.
/// Not thread-safe: one grain owns it.
/// </summary>
public sealed class CooccurrenceStatistics
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    private readonly List<long> _itemCounts = [];
    private readonly Dictionary<long, int> _pairCounts = new(PairKeyComparer.Instance);
    private readonly Dictionary<string, int[]> _contributions = new(StringComparer.Ordinal);

    public int Contributors => _contributions.Count;
    public long Interactions { get; private set; }
    public int DistinctPairs => _pairCounts.Count;

    /// <summary>Sets what one contributor holds; an empty set removes the contributor. Idempotent.</summary>
    public bool SetContribution(string contributor, IReadOnlyCollection<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var next = items.Distinct(StringComparer.Ordinal).Select(Intern).Order().ToArray();
        if (_contributions.TryGetValue(contributor, out var previous))
        {
            if (previous.AsSpan().SequenceEqual(next))
            {
                return false;
            }

            Add(previous, -1);
            _contributions.Remove(contributor);
        }
        else if (next.Length == 0)
        {
            return false;
        }

        if (next.Length > 0)
        {
            Add(next, +1);
            _contributions[contributor] = next;
        }

        return true;
    }

    public void Clear()
    {
        _contributions.Clear();
        _pairCounts.Clear();
        for (var i = 0; i < _itemCounts.Count; i++)
        {
            _itemCounts[i] = 0;
        }

        Interactions = 0;
    }

    public ImmutableSortedDictionary<string, long> ItemCounts() => ItemCounts(minimumSupport: 1);

    /// <summary>Items held by at least <paramref name="minimumSupport"/> contributors, with their counts.</summary>
    public ImmutableSortedDictionary<string, long> ItemCounts(int minimumSupport)
    {
        var threshold = Math.Max(1, minimumSupport);
        return _items.Select((item, i) => (item, count: _itemCounts[i]))
            .Where(x => x.count >= threshold)
            .ToImmutableSortedDictionary(x => x.item, x => x.count, StringComparer.Ordinal);
    }

    /// <summary>Every pair with a positive count, as (item, item, count) with the first id ordinally smaller.</summary>
    public IEnumerable<(string A, string B, int Count)> Pairs() =>
        _pairCounts.Select(p =>
        {
            var (a, b) = (_items[(int)(p.Key >> 32)], _items[(int)(p.Key & 0xFFFFFFFF)]);
            return string.CompareOrdinal(a, b) < 0 ? (a, b, p.Value) : (b, a, p.Value);
        });

    /// <summary>The contributions now, frozen for reading off the owner's turn (a copy of references: milliseconds).</summary>
    public ContributionSnapshot Snapshot() => new([.. _items], [.. _itemCounts], [.. _contributions]);

    /// <summary>
    /// One item's row over a slot layout (<paramref name="occupied"/> marks the slots in use): for each
    /// occupied slot, the weighted sum and the count of contributors holding both; and the item's own.
    /// </summary>
    public (double[] Weighted, int[] Counts, double WeightedDiagonal, int Count) RowOver(
        string item, IReadOnlyList<string> layout, bool[] occupied, Func<int, double> weight)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(occupied);
        ArgumentNullException.ThrowIfNull(weight);
        var n = layout.Count;
        var weighted = new double[n];
        var counts = new int[n];
        if (!_index.TryGetValue(item, out var target))
        {
            return (weighted, counts, 0, 0);
        }

        var slot = new Dictionary<int, int>();
        for (var d = 0; d < n; d++)
        {
            if (occupied[d] && layout[d] != item && _index.TryGetValue(layout[d], out var i))
            {
                slot[i] = d;
            }
        }

        var diagonal = 0.0;
        var count = 0;
        foreach (var set in _contributions.Values)
        {
            if (Array.BinarySearch(set, target) < 0)
            {
                continue;
            }

            var w = weight(set.Length);
            diagonal += w;
            count++;
            foreach (var i in set)
            {
                if (slot.TryGetValue(i, out var d))
                {
                    weighted[d] += w;
                    counts[d]++;
                }
            }
        }

        return (weighted, counts, diagonal, count);
    }

    /// <summary>Every contributor's items now (ids, not positions), for remembering what a model was fitted on.</summary>
    public Dictionary<string, string[]> ContributionsById() =>
        _contributions.ToDictionary(c => c.Key, c => c.Value.Select(i => _items[i]).ToArray(), StringComparer.Ordinal);

    public long CountOf(string item) => _index.TryGetValue(item, out var i) ? _itemCounts[i] : 0;

    public int PairCount(string a, string b) =>
        _index.TryGetValue(a, out var i) && _index.TryGetValue(b, out var j) ? _pairCounts.GetValueOrDefault(Key(i, j)) : 0;

    /// <summary>
    /// Neighbour lists for every item: cosine with shrinkage, top <paramref name="neighbours"/>, ties by
    /// item id, over the pairs at least <paramref name="minimumSupport"/> contributors hold. Pairs below
    /// it are left out before the top is taken, so a list is filled with supported neighbours only; an
    /// item's own count is at least its pairs' counts, so every number a similarity rests on meets it too.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<Neighbour>> Neighbours(int neighbours, double shrinkage, int minimumSupport)
    {
        var threshold = Math.Max(1, minimumSupport);
        var lists = new Dictionary<int, List<(int Other, double Similarity)>>();
        foreach (var (key, count) in _pairCounts)
        {
            if (count < threshold)
            {
                continue;
            }

            var (i, j) = ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
            var similarity = count / (Math.Sqrt((double)_itemCounts[i] * _itemCounts[j]) + shrinkage);
            (lists.TryGetValue(i, out var li) ? li : lists[i] = []).Add((j, similarity));
            (lists.TryGetValue(j, out var lj) ? lj : lists[j] = []).Add((i, similarity));
        }

        var builder = ImmutableDictionary.CreateBuilder<string, ImmutableArray<Neighbour>>(StringComparer.Ordinal);
        foreach (var (item, list) in lists)
        {
            builder[_items[item]] =
            [
                .. list
                    .OrderByDescending(n => n.Similarity)
                    .ThenBy(n => _items[n.Other], StringComparer.Ordinal)
                    .Take(neighbours)
                    .Select(n => new Neighbour(_items[n.Other], n.Similarity)),
            ];
        }

        return builder.ToImmutable();
    }

    private int Intern(string item)
    {
        if (!_index.TryGetValue(item, out var i))
        {
            i = _items.Count;
            _index[item] = i;
            _items.Add(item);
            _itemCounts.Add(0);
        }

        return i;
    }

    private void Add(int[] items, int sign)
    {
        foreach (var i in items)
        {
            _itemCounts[i] += sign;
        }

        Interactions += sign * items.Length;
        for (var a = 0; a < items.Length; a++)
        {
            for (var b = a + 1; b < items.Length; b++)
            {
                var key = Key(items[a], items[b]);
                var count = _pairCounts.GetValueOrDefault(key) + sign;
                if (count == 0)
                {
                    _pairCounts.Remove(key);
                }
                else
                {
                    _pairCounts[key] = count;
                }
            }
        }
    }

    private static long Key(int i, int j) => i < j ? ((long)i << 32) | (uint)j : ((long)j << 32) | (uint)i;

    /// <summary>
    /// A pair key packs two positions into a long. long's own hash (low ^ high half) maps every pair
    /// of small positions into a few thousand buckets; this mixes all 64 bits instead.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static PairKeyComparer Instance { get; } = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
