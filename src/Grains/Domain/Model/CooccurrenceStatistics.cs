using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The shared model's sufficient statistics: each contributor's item set, how many contributors
/// hold each item, and how many hold each pair of items. Every number is an integer sum over
/// contributors, so replacing or removing one contributor's set is exact, and the statistics after
/// any sequence of changes equal those built from scratch over the remaining contributors.
/// Not thread-safe: one grain owns it.
/// </summary>
public sealed partial class CooccurrenceStatistics
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    private readonly List<long> _itemCounts = [];
    private readonly Dictionary<long, int> _pairCounts = new(PairKeyComparer.Instance);
    private readonly Dictionary<string, int[]> _contributions = new(StringComparer.Ordinal);

    // Who shares at least one contributor with each item (both directions), and the items whose count
    // changed since the neighbour lists were last built: what keeps those lists up to date by the
    // few that change instead of all of them (CooccurrenceStatistics.Neighbours.cs).
    private readonly List<List<int>> _partners = [];
    private readonly HashSet<int> _dirty = [];

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
        }
        else if (next.Length == 0)
        {
            return false;
        }

        Replace(previous ?? [], next);
        if (next.Length > 0)
        {
            _contributions[contributor] = next;
        }
        else
        {
            _contributions.Remove(contributor);
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
            _partners[i].Clear();
            _listOf[i] = default;
        }

        _dirty.Clear();
        _listsBuiltWith = null;

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

    private int Intern(string item)
    {
        if (!_index.TryGetValue(item, out var i))
        {
            i = _items.Count;
            _index[item] = i;
            _items.Add(item);
            _itemCounts.Add(0);
            _partners.Add([]);
            _listOf.Add(default);
        }

        return i;
    }

    /// <summary>
    /// Takes one contributor from <paramref name="previous"/> to <paramref name="next"/> (both sorted):
    /// only the pairs that involve an item that left or joined change, so a set that grows by one item
    /// costs O(m) pair updates, not the O(m²) of taking the old set out and putting the new one in.
    /// </summary>
    private void Replace(int[] previous, int[] next)
    {
        var (left, kept, joined) = (new List<int>(), new List<int>(), new List<int>());
        var (p, n) = (0, 0);
        while (p < previous.Length || n < next.Length)
        {
            if (n == next.Length || (p < previous.Length && previous[p] < next[n]))
            {
                left.Add(previous[p++]);
            }
            else if (p == previous.Length || next[n] < previous[p])
            {
                joined.Add(next[n++]);
            }
            else
            {
                kept.Add(next[n]);
                (p, n) = (p + 1, n + 1);
            }
        }

        // A kept item's pairs with those that left or joined move too: its list must be looked at again.
        _dirty.UnionWith(previous);
        _dirty.UnionWith(next);
        Interactions += joined.Count - left.Count;
        Change(left, kept, -1);
        Change(joined, kept, +1);
    }

    /// <summary>Moves the counts of <paramref name="items"/>, of their pairs, and of their pairs with <paramref name="kept"/>, by <paramref name="sign"/>.</summary>
    private void Change(List<int> items, List<int> kept, int sign)
    {
        for (var a = 0; a < items.Count; a++)
        {
            _itemCounts[items[a]] += sign;
            for (var b = a + 1; b < items.Count; b++)
            {
                ChangePair(items[a], items[b], sign);
            }

            foreach (var k in kept)
            {
                ChangePair(items[a], k, sign);
            }
        }
    }

    private void ChangePair(int a, int b, int sign)
    {
        var key = Key(a, b);
        var count = _pairCounts.GetValueOrDefault(key) + sign;
        if (count == 0)
        {
            _pairCounts.Remove(key);
            _partners[a].Remove(b);
            _partners[b].Remove(a);
            return;
        }

        if (count == 1 && sign > 0)
        {
            _partners[a].Add(b);
            _partners[b].Add(a);
        }

        _pairCounts[key] = count;
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
