using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The items whose neighbour list or contributor count differ between a silo's copy of the model and
/// the published one, with their published values: what a silo needs instead of the whole snapshot.
/// An erasure changes the lists of the leaver's items and of the items that list them, a few hundred
/// of 10,000; the whole non-dense snapshot is 3 MiB at that size.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-delta")]
public sealed record ModelDelta(
    [property: Id(0)] ImmutableDictionary<string, ImmutableArray<Neighbour>> Neighbours,
    [property: Id(1)] ImmutableArray<string> WithoutNeighbours,
    [property: Id(2)] ImmutableDictionary<string, long> Counts,
    [property: Id(3)] ImmutableArray<string> WithoutCounts)
{
    /// <summary>How many entries the delta carries (lists and counts, set or removed).</summary>
    public int Entries => Neighbours.Count + WithoutNeighbours.Length + Counts.Count + WithoutCounts.Length;

    /// <summary>Every item whose list or count differs between <paramref name="previous"/> and <paramref name="next"/>.</summary>
    public static IEnumerable<string> ChangedItems(ModelSnapshot previous, ModelSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);

        // Both snapshots' hash tables are built once each (next's serves the comparison after this one).
        var (neighboursBefore, countsBefore) = previous.Lookups();
        var (neighboursAfter, countsAfter) = next.Lookups();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        Differences(neighboursBefore, neighboursAfter, (a, b) => a.AsSpan().SequenceEqual(b.AsSpan()), changed);
        Differences(countsBefore, countsAfter, (a, b) => a == b, changed);
        return changed;
    }

    /// <summary>The published values of <paramref name="items"/> in <paramref name="current"/>.</summary>
    public static ModelDelta Of(IEnumerable<string> items, ModelSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(current);
        var neighbours = ImmutableDictionary.CreateBuilder<string, ImmutableArray<Neighbour>>(StringComparer.Ordinal);
        var counts = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        var withoutNeighbours = ImmutableArray.CreateBuilder<string>();
        var withoutCounts = ImmutableArray.CreateBuilder<string>();
        foreach (var item in items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (current.Neighbours.TryGetValue(item, out var list))
            {
                neighbours[item] = list;
            }
            else
            {
                withoutNeighbours.Add(item);
            }

            if (current.ItemCounts.TryGetValue(item, out var count))
            {
                counts[item] = count;
            }
            else
            {
                withoutCounts.Add(item);
            }
        }

        return new ModelDelta(neighbours.ToImmutable(), withoutNeighbours.ToImmutable(), counts.ToImmutable(), withoutCounts.ToImmutable());
    }

    /// <summary>
    /// The published snapshot, from the silo's copy <paramref name="served"/> and the published
    /// <paramref name="header"/> (everything but the lists and counts). Built anew rather than with
    /// <c>with</c>, so nothing computed for another snapshot is carried over.
    /// </summary>
    public ModelSnapshot ApplyTo(ModelSnapshot served, ModelSnapshot header)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(header);
        var neighbours = served.Neighbours.RemoveRange(WithoutNeighbours).SetItems(Neighbours);
        var counts = served.ItemCounts.RemoveRange(WithoutCounts).SetItems(Counts);
        return new ModelSnapshot(header.Version, header.BuiltAt, header.Contributors, header.Interactions, counts, neighbours)
        {
            Ranking = header.Ranking,
            RankerReport = header.RankerReport,
            MinimumSupport = header.MinimumSupport,
            Dense = header.Dense,
            DenseCurrent = header.DenseCurrent,
        };
    }

    private static void Differences<TValue>(
        Dictionary<string, TValue> previous, Dictionary<string, TValue> next, Func<TValue, TValue, bool> same, HashSet<string> changed)
    {
        foreach (var (item, value) in next)
        {
            if (!previous.TryGetValue(item, out var before) || !same(before, value))
            {
                changed.Add(item);
            }
        }

        foreach (var item in previous.Keys)
        {
            if (!next.ContainsKey(item))
            {
                changed.Add(item);
            }
        }
    }
}
