using System.Collections.Frozen;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>
/// A snapshot in the shape scoring wants: item ids interned to positions, neighbour lists in flat
/// arrays, counts and popularity order by position. Built once per snapshot, then read by every
/// request, so scoring touches arrays instead of hashing strings.
/// </summary>
public sealed class ScoringIndex
{
    private CatalogView? _view;

    private ScoringIndex(ModelSnapshot snapshot)
    {
        Ids = [.. snapshot.ItemCounts.Keys];
        Positions = Ids.Select((id, i) => KeyValuePair.Create(id, i)).ToFrozenDictionary(StringComparer.Ordinal);
        Counts = [.. snapshot.ItemCounts.Values];
        MaxCount = Counts.Length == 0 ? 0 : Counts.Max();
        Popularity = [.. Counts.Select(c => MaxCount > 0 ? (double)c / MaxCount : 0)];
        LogPopularity = [.. Counts.Select(c => MaxCount > 0 ? Math.Log(1 + c) / Math.Log(1 + MaxCount) : 0)];
        Start = new int[Ids.Length + 1];
        var neighbours = new List<int>();
        var similarities = new List<double>();
        for (var i = 0; i < Ids.Length; i++)
        {
            Start[i] = neighbours.Count;
            foreach (var n in snapshot.NeighboursOf(Ids[i]))
            {
                neighbours.Add(Positions[n.ItemId]);
                similarities.Add(n.Similarity);
            }
        }

        Start[Ids.Length] = neighbours.Count;
        Neighbour = [.. neighbours];
        Similarity = [.. similarities];
        Popular = [.. Enumerable.Range(0, Ids.Length).OrderByDescending(i => Counts[i]).ThenBy(i => Ids[i], StringComparer.Ordinal)];

        Dense = snapshot.Dense is { Size: > 0 } dense ? dense : null;
        DensePosition = new int[Ids.Length];
        Array.Fill(DensePosition, -1);
        IndexPosition = new int[Dense?.Size ?? 0];
        for (var d = 0; d < IndexPosition.Length; d++)
        {
            IndexPosition[d] = Positions.TryGetValue(Dense!.Items[d], out var i) ? i : -1;
            if (IndexPosition[d] >= 0)
            {
                DensePosition[IndexPosition[d]] = d;
            }
        }
    }

    /// <summary>The dense model scoring reads, or null when the snapshot serves cosine neighbours only.</summary>
    public DenseItemModel? Dense { get; }

    /// <summary>Index position → dense position (−1 outside the dense head), and back.</summary>
    public int[] DensePosition { get; }
    public int[] IndexPosition { get; }

    public string[] Ids { get; }
    public FrozenDictionary<string, int> Positions { get; }
    public long[] Counts { get; }
    public long MaxCount { get; }

    /// <summary>Contributor count relative to the most popular item, and the same on a log scale (popularity is heavy-tailed).</summary>
    public double[] Popularity { get; }
    public double[] LogPopularity { get; }

    /// <summary>Neighbours of position i are Neighbour[Start[i] .. Start[i + 1]), with their Similarity.</summary>
    public int[] Start { get; }
    public int[] Neighbour { get; }
    public double[] Similarity { get; }

    /// <summary>Positions by contributor count, most popular first.</summary>
    public int[] Popular { get; }

    public static ScoringIndex For(ModelSnapshot snapshot) => new(snapshot);

    /// <summary>The catalog seen through this index (availability and category by position), cached for the latest catalog.</summary>
    public CatalogView ViewOf(CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var view = Volatile.Read(ref _view);
        if (view is null || !ReferenceEquals(view.Catalog, catalog))
        {
            view = new CatalogView(catalog, this);
            Volatile.Write(ref _view, view);
        }

        return view;
    }
}

/// <summary>Per model position: is the item in the catalog and available, and its category's number.</summary>
public sealed class CatalogView
{
    internal CatalogView(CatalogSnapshot catalog, ScoringIndex index)
    {
        Catalog = catalog;
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        Facts = new ItemFacts[index.Ids.Length];
        CategoryName = new string[index.Ids.Length];
        var lookup = catalog.Lookup();
        for (var i = 0; i < index.Ids.Length; i++)
        {
            var known = lookup.TryGetValue(index.Ids[i], out var item);
            Facts[i] = new ItemFacts(
                index.Counts[i],
                index.Popularity[i],
                index.LogPopularity[i],
                known ? CategoryNumber(categories, item!.Category) : -1,
                known && item!.Available);
            CategoryName[i] = known ? item!.Category : "";
        }

        foreach (var item in lookup.Values)
        {
            CategoryNumber(categories, item.Category);
        }

        CategoryNumbers = categories.ToFrozenDictionary(StringComparer.Ordinal);
        CategoryNames = new string[categories.Count];
        foreach (var (name, number) in categories)
        {
            CategoryNames[number] = name;
        }

        var inModel = new List<int>[categories.Count];
        var outsideModel = new List<string>[categories.Count];
        for (var c = 0; c < categories.Count; c++)
        {
            inModel[c] = [];
            outsideModel[c] = [];
        }

        foreach (var item in catalog.Items.Values)
        {
            var number = categories[item.Category];
            if (index.Positions.TryGetValue(item.ItemId, out var position))
            {
                inModel[number].Add(position);
            }
            else if (item.Available)
            {
                outsideModel[number].Add(item.ItemId);
            }
        }

        _positionsIn = [.. inModel.Select(l => l.ToArray())];
        _outsideModelIn = [.. outsideModel.Select(l => l.ToArray())];
    }

    private readonly int[][] _positionsIn;
    private readonly string[][] _outsideModelIn;

    /// <summary>Category names by number.</summary>
    public string[] CategoryNames { get; }

    /// <summary>Model positions of a category's catalog items.</summary>
    public ReadOnlySpan<int> PositionsIn(int category) => _positionsIn[category];

    /// <summary>A category's available catalog items that nobody has contributed yet.</summary>
    public ReadOnlySpan<string> OutsideModelIn(int category) => _outsideModelIn[category];

    public CatalogSnapshot Catalog { get; }

    /// <summary>What scoring reads about each model position, side by side so one cache line holds it.</summary>
    public ItemFacts[] Facts { get; }
    public string[] CategoryName { get; }
    public FrozenDictionary<string, int> CategoryNumbers { get; }

    private static int CategoryNumber(Dictionary<string, int> categories, string category)
    {
        if (!categories.TryGetValue(category, out var number))
        {
            number = categories.Count;
            categories[category] = number;
        }

        return number;
    }
}

/// <summary>One model position as scoring sees it through a catalog.</summary>
public readonly record struct ItemFacts(long Count, double Popularity, double LogPopularity, int Category, bool Available);
