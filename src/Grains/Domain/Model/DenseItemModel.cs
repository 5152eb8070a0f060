using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The scoring half of the shared model: EASE (Steck 2019) with dropout regularization (DLAE, Steck
/// 2020) over the head of the catalog. With G the weighted item Gram matrix (Σ over contributors of
/// w·x·xᵀ, x the contributor's items, w = |x|^−α) and A = G + diag(λ + c·G_ii), c = p/(1−p), it keeps
/// P = A⁻¹; the item weights are B_hj = −P_hj / P_jj, and a user who holds the items h scores j by Σ_h B_hj.
/// <para>
/// One contributor leaving changes A by a low-rank term, so P follows by the Woodbury identity in
/// O(n²·m) for m held items instead of an O(n³) solve: that is how an erasure reaches the served
/// model within a second. A fit from the statistics is the from-scratch model; it also bounds the
/// float drift of a long run of downdates. The integer counts over the head are kept beside P: who
/// falls below the threshold, and which pairs k contributors hold, are exact integer questions.
/// </para>
/// <para>
/// The head is every item at least <see cref="Threshold"/> contributors hold, the most popular
/// <see cref="DenseItemSettings.MaxItems"/> of them when more do (memory is n² doubles). Items leave
/// the head when they fall below the threshold, so an erasure never needs a new row.
/// </para>
/// </summary>
[GenerateSerializer, Immutable, Alias("dense-item-model")]
public sealed class DenseItemModel
{
    [NonSerialized]
    private FrozenDictionary<string, int>? _positions;

    public DenseItemModel(
        ImmutableArray<string> items, double[] inverse, int[] counts, bool[] active, DenseItemSettings settings, int threshold, string lineage = "", int downdates = 0)
    {
        Lineage = lineage;
        Downdates = downdates;
        Items = items;
        Inverse = inverse;
        Counts = counts;
        Active = active;
        Settings = settings;
        Threshold = threshold;
    }

    /// <summary>Dense position → item id, in ordinal id order.</summary>
    [Id(0)]
    public ImmutableArray<string> Items { get; }

    /// <summary>P = A⁻¹, row-major; rows and columns of inactive items are zero.</summary>
    [Id(1)]
    public double[] Inverse { get; }

    /// <summary>How many contributors hold each pair of head items, row-major (the diagonal: each item).</summary>
    [Id(2)]
    public int[] Counts { get; }

    /// <summary>False for an item that fell below the threshold since the last solve.</summary>
    [Id(3)]
    public bool[] Active { get; }

    [Id(4)]
    public DenseItemSettings Settings { get; }

    /// <summary>The fewest contributors a head item has (the larger of k and the dense minimum).</summary>
    [Id(5)]
    public int Threshold { get; }

    /// <summary>
    /// Which solve this model descends from, and how many contributors left it by a downdate since:
    /// a silo holding the same lineage catches up from the removed contributions alone (the same
    /// deterministic downdates give the same doubles) instead of copying n² of them.
    /// </summary>
    [Id(6)]
    public string Lineage { get; }

    [Id(7)]
    public int Downdates { get; }

    public int Size => Items.Length;

    public static DenseItemModel Empty { get; } = new([], [], [], [], new DenseItemSettings(1, 0, 1, 0), 1);

    public FrozenDictionary<string, int> Positions() =>
        _positions ??= Items.Select((id, i) => KeyValuePair.Create(id, i)).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The items a fit over these statistics covers, in ordinal order.</summary>
    public static ImmutableArray<string> HeadOf(CooccurrenceStatistics statistics, DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(settings);
        var threshold = ThresholdFor(settings, minimumSupport);
        return
        [
            .. statistics.ItemCounts(threshold)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(settings.MaxItems)
                .Select(c => c.Key)
                .Order(StringComparer.Ordinal),
        ];
    }

    public static int ThresholdFor(DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Math.Max(Math.Max(1, minimumSupport), settings.MinimumCount);
    }

    /// <summary>Solves the model from scratch over the statistics' head.</summary>
    public static DenseItemModel Fit(CooccurrenceStatistics statistics, DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return Prepare(statistics, settings, minimumSupport)();
    }

    /// <summary>
    /// Reads what a fit needs from the statistics now (O(Σ held²), in the caller's turn) and returns the
    /// O(n³) solve to run elsewhere, so the statistics' owner is not held up by it.
    /// </summary>
    public static Func<DenseItemModel> Prepare(CooccurrenceStatistics statistics, DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(settings);
        var items = HeadOf(statistics, settings, minimumSupport);
        var a = statistics.WeightedGramOver(items, settings.ContributorWeight);
        var counts = statistics.GramOver(items);
        var threshold = ThresholdFor(settings, minimumSupport);
        return () =>
        {
            var n = items.Length;
            for (var i = 0; i < n; i++)
            {
                a[(i * n) + i] += settings.Regularization(a[(i * n) + i]);
            }

            SymmetricInverse.Invert(a, n);
            return new DenseItemModel(items, a, counts, [.. Enumerable.Repeat(true, n)], settings, threshold, Guid.NewGuid().ToString("N"));
        };
    }

    /// <summary>The items still in the head (not fallen below the threshold), in ordinal order.</summary>
    public IEnumerable<string> ActiveItems() => Items.Where((_, i) => Active[i]);

    /// <summary>
    /// The model without one contributor who held <paramref name="items"/> (their whole contribution,
    /// head or not: its size sets their weight w): the Gram loses w·x·xᵀ, A loses that and c·w·diag(x),
    /// and P follows by the Woodbury identity. Items
    /// that fall below the threshold leave afterwards, each by one Schur-complement step.
    /// </summary>
    public DenseItemModel Without(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var positions = Positions();
        var all = items.Distinct(StringComparer.Ordinal).ToList();
        var weight = Settings.ContributorWeight(all.Count);
        int[] x = [.. all.Select(id => positions.TryGetValue(id, out var p) ? p : -1).Where(p => p >= 0 && Active[p]).Distinct().Order()];
        if (x.Length == 0)
        {
            return new DenseItemModel(Items, Inverse, Counts, Active, Settings, Threshold, Lineage, Downdates + 1);
        }

        var n = Size;
        var counts = (int[])Counts.Clone();
        foreach (var a in x)
        {
            foreach (var b in x)
            {
                counts[(a * n) + b]--;
            }
        }

        var inverse = Woodbury.Downdate(Inverse, n, x, weight, Settings.DropoutFactor);
        var active = (bool[])Active.Clone();
        foreach (var i in x)
        {
            if (counts[(i * n) + i] < Threshold)
            {
                Woodbury.RemoveItem(inverse, n, i);
                active[i] = false;
            }
        }

        return new DenseItemModel(Items, inverse, counts, active, Settings, Threshold, Lineage, Downdates + 1);
    }

    /// <summary>
    /// Scores every head item for a user who holds <paramref name="history"/> (dense positions):
    /// Σ_h B_hj into <paramref name="scores"/>; inactive items score negative infinity.
    /// </summary>
    public void Score(ReadOnlySpan<int> history, Span<double> scores)
    {
        var n = Size;
        scores[..n].Clear();
        foreach (var h in history)
        {
            SymmetricInverse.SubtractScaled(scores[..n], Inverse.AsSpan(h * n, n), 1.0);
        }

        for (var j = 0; j < n; j++)
        {
            var diagonal = Inverse[(j * n) + j];
            scores[j] = Active[j] && diagonal > 0 ? scores[j] / diagonal : double.NegativeInfinity;
        }
    }

    /// <summary>B_hj, the weight of history item h for candidate j.</summary>
    public double Weight(int h, int j)
    {
        var n = Size;
        var diagonal = Inverse[(j * n) + j];
        return h == j || !(diagonal > 0) ? 0 : -Inverse[(h * n) + j] / diagonal;
    }

    /// <summary>How many contributors hold both items.</summary>
    public int PairCount(int h, int j) => Counts[(h * Size) + j];
}
