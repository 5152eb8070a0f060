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
    }

    public string[] Ids { get; }
    public FrozenDictionary<string, int> Positions { get; }
    public long[] Counts { get; }
    public long MaxCount { get; }

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
        Available = new bool[index.Ids.Length];
        Category = new int[index.Ids.Length];
        CategoryName = new string[index.Ids.Length];
        var lookup = catalog.Lookup();
        for (var i = 0; i < index.Ids.Length; i++)
        {
            if (lookup.TryGetValue(index.Ids[i], out var item))
            {
                Available[i] = item.Available;
                Category[i] = CategoryNumber(categories, item.Category);
                CategoryName[i] = item.Category;
            }
            else
            {
                Category[i] = -1;
                CategoryName[i] = "";
            }
        }

        foreach (var item in lookup.Values)
        {
            CategoryNumber(categories, item.Category);
        }

        CategoryNumbers = categories.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public CatalogSnapshot Catalog { get; }
    public bool[] Available { get; }
    public int[] Category { get; }
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
