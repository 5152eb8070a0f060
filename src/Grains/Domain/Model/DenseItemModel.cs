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

    /// <summary>Dense position → item id (ordinal order after a solve; an item entering later takes a free slot).</summary>
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
        return HeadOf(statistics.ItemCounts(ThresholdFor(settings, minimumSupport)), settings);
    }

    /// <summary>The same, over frozen contributions.</summary>
    public static ImmutableArray<string> HeadOf(ContributionSnapshot contributions, DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(settings);
        return HeadOf(contributions.ItemCounts(ThresholdFor(settings, minimumSupport)), settings);
    }

    private static ImmutableArray<string> HeadOf(ImmutableSortedDictionary<string, long> counts, DenseItemSettings settings) =>
    [
        .. counts
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(settings.MaxItems)
            .Select(c => c.Key)
            .Order(StringComparer.Ordinal),
    ];

    public static int ThresholdFor(DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Math.Max(Math.Max(1, minimumSupport), settings.MinimumCount);
    }

    /// <summary>Solves the model from scratch over the statistics' head.</summary>
    public static DenseItemModel Fit(CooccurrenceStatistics statistics, DenseItemSettings settings, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return Fit(statistics.Snapshot(), settings, minimumSupport);
    }

    /// <summary>
    /// Solves the model from scratch over frozen contributions: O(Σ held²) for the Gram matrices and
    /// O(n³) for the inverse, all of it off the statistics' owner's turn.
    /// </summary>
    public static DenseItemModel Fit(ContributionSnapshot contributions, DenseItemSettings settings, int minimumSupport, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        ArgumentNullException.ThrowIfNull(settings);
        var items = HeadOf(contributions, settings, minimumSupport);
        var (a, counts) = contributions.GramsOver(items, settings.ContributorWeight);
        var n = items.Length;
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] += settings.Regularization(a[(i * n) + i]);
        }

        SymmetricInverse.Invert(a, n, parallel);
        return new DenseItemModel(items, a, counts, [.. Enumerable.Repeat(true, n)], settings, ThresholdFor(settings, minimumSupport), Guid.NewGuid().ToString("N"));
    }

    /// <summary>The items in the head now, in ordinal order.</summary>
    public IEnumerable<string> ActiveItems() => Items.Where((_, i) => Active[i]).Order(StringComparer.Ordinal);

    /// <summary>
    /// The model without one contributor who held <paramref name="items"/>, judged by this model's own
    /// counts: items that fall below the threshold leave, none enters. Exact when the head is not at
    /// its size cap; <see cref="ChangeFor"/> also moves items up into a capped head.
    /// </summary>
    public DenseItemModel Without(IEnumerable<string> items) => Apply(ChangeWithout(items));

    /// <summary>The step <see cref="Without"/> applies.</summary>
    public DenseChange ChangeWithout(IEnumerable<string> items) => ChangeWithout([items]);

    /// <summary>The step that takes several leaving contributors out at once, judged by this model's own counts.</summary>
    public DenseChange ChangeWithout(IReadOnlyList<IEnumerable<string>> leavers)
    {
        ArgumentNullException.ThrowIfNull(leavers);
        ArgumentOutOfRangeException.ThrowIfZero(leavers.Count);
        ImmutableArray<ImmutableArray<string>> removed = [.. leavers.Select(items => (ImmutableArray<string>)[.. items.Distinct(StringComparer.Ordinal)])];
        var positions = Positions();
        var n = Size;
        var held = new Dictionary<int, int>();
        foreach (var items in removed)
        {
            foreach (var p in items.Select(id => positions.TryGetValue(id, out var p) ? p : -1).Where(p => p >= 0 && Active[p]))
            {
                held[p] = held.GetValueOrDefault(p) + 1;
            }
        }

        ImmutableArray<string> leaving = [.. held.Where(h => Counts[(h.Key * n) + h.Key] - h.Value < Threshold).Select(h => Items[h.Key]).Order(StringComparer.Ordinal)];
        return new DenseChange(removed[0], leaving, []) { AlsoRemoved = removed[1..] };
    }

    /// <summary>
    /// The step that takes a leaving contributor out and leaves exactly the head a fit over
    /// <paramref name="statistics"/> would choose. The statistics must no longer hold the contributor,
    /// and must otherwise hold exactly what this model was fitted on.
    /// </summary>
    public DenseChange ChangeFor(IEnumerable<string> removed, CooccurrenceStatistics statistics, int minimumSupport) =>
        ChangeFor([removed], statistics, minimumSupport);

    /// <summary>
    /// The same for several leavers at once: the statistics must hold none of them, and otherwise
    /// exactly what this model was fitted on.
    /// </summary>
    public DenseChange ChangeFor(IReadOnlyList<IEnumerable<string>> leavers, CooccurrenceStatistics statistics, int minimumSupport)
    {
        ArgumentNullException.ThrowIfNull(leavers);
        ArgumentOutOfRangeException.ThrowIfZero(leavers.Count);
        ArgumentNullException.ThrowIfNull(statistics);
        var target = HeadOf(statistics, Settings, minimumSupport).ToHashSet(StringComparer.Ordinal);
        var active = ActiveItems().ToHashSet(StringComparer.Ordinal);
        ImmutableArray<string> leaving = [.. active.Where(i => !target.Contains(i)).Order(StringComparer.Ordinal)];
        var entering = target.Where(i => !active.Contains(i)).Order(StringComparer.Ordinal).ToList();
        var layout = Items.ToArray();
        var occupied = (bool[])Active.Clone();
        var positions = Positions();
        foreach (var item in leaving)
        {
            occupied[positions[item]] = false;
        }

        var entries = ImmutableArray.CreateBuilder<HeadEntry>(entering.Count);
        foreach (var item in entering)
        {
            // An item that held a slot before takes it back, so an id never has two slots.
            var slot = positions.TryGetValue(item, out var own) ? own : Array.FindIndex(occupied, o => !o);
            layout[slot] = item;
            occupied[slot] = true;
            var (weighted, counts, diagonal, count) = statistics.RowOver(item, layout, occupied, Settings.ContributorWeight);
            entries.Add(new HeadEntry(item, slot, weighted, counts, diagonal, count));
        }

        ImmutableArray<ImmutableArray<string>> removed = [.. leavers.Select(items => (ImmutableArray<string>)[.. items.Distinct(StringComparer.Ordinal)])];
        return new DenseChange(removed[0], leaving, entries.ToImmutable()) { AlsoRemoved = removed[1..] };
    }

    /// <summary>
    /// Applies one step: the contributor's w·x·xᵀ and c·w·diag(x) leave A by the Woodbury identity
    /// (the contributor's whole contribution sets w, head or not), leaving items go by a Schur
    /// complement each, entering items come in by bordering. Each part is O(n²) per item.
    /// </summary>
    public DenseItemModel Apply(DenseChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var positions = Positions();
        var n = Size;
        // Each leaver's weight is set by their whole contribution, head or not; only head items are downdated.
        List<(int[] X, double Weight)> leavers = [.. change.Leavers()
            .Select(items => ((int[])[.. items.Select(id => positions.TryGetValue(id, out var p) ? p : -1).Where(p => p >= 0 && Active[p]).Distinct().Order()], Settings.ContributorWeight(items.Length)))
            .Where(l => l.Item1.Length > 0)];
        if (leavers.Count == 0 && change.Leaving.IsEmpty && change.Entering.IsEmpty)
        {
            return new DenseItemModel(Items, Inverse, Counts, Active, Settings, Threshold, Lineage, Downdates + 1);
        }

        var counts = (int[])Counts.Clone();
        foreach (var (x, _) in leavers)
        {
            foreach (var a in x)
            {
                foreach (var b in x)
                {
                    counts[(a * n) + b]--;
                }
            }
        }

        var inverse = leavers.Count == 0 ? (double[])Inverse.Clone() : Woodbury.Downdate(Inverse, n, leavers, Settings.DropoutFactor);
        var active = (bool[])Active.Clone();
        foreach (var item in change.Leaving)
        {
            var i = positions[item];
            Woodbury.RemoveItem(inverse, n, i);
            active[i] = false;
        }

        var items = Items.ToBuilder();
        foreach (var entry in change.Entering)
        {
            var s = entry.Slot;
            items[s] = entry.Item;
            for (var j = 0; j < n; j++)
            {
                counts[(s * n) + j] = entry.Counts[j];
                counts[(j * n) + s] = entry.Counts[j];
            }

            counts[(s * n) + s] = entry.Count;
            Woodbury.AddItem(inverse, n, s, entry.Weighted, entry.WeightedDiagonal + Settings.Regularization(entry.WeightedDiagonal));
            active[s] = true;
        }

        return new DenseItemModel(items.MoveToImmutable(), inverse, counts, active, Settings, Threshold, Lineage, Downdates + 1);
    }

    /// <summary>
    /// Scores every head item for a user who holds <paramref name="history"/> (dense positions):
    /// Σ_h B_hj into <paramref name="scores"/>; items out of the head score 0.
    /// </summary>
    public void Score(ReadOnlySpan<int> history, Span<double> scores)
    {
        var n = Size;
        scores[..n].Clear();
        foreach (var h in history)
        {
            SymmetricInverse.SubtractScaled(scores[..n], Inverse.AsSpan(h * n, n), 1.0);
        }

        // Multiplying by 1/P_jj (zero for items out of the head) vectorizes; a division per item does not.
        var scale = Scales();
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(scores[..n]);
        var factors = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(scale);
        for (var v = 0; v < vectors.Length; v++)
        {
            vectors[v] *= factors[v];
        }

        for (var j = vectors.Length * System.Numerics.Vector<double>.Count; j < n; j++)
        {
            scores[j] *= scale[j];
        }
    }

    [NonSerialized]
    private double[]? _scales;

    [NonSerialized]
    private float[]? _weights;

    [NonSerialized]
    private SparseScoringWeights? _sparse;

    /// <summary>The same model served with other settings (what serving reads depends on them; P does not).</summary>
    public DenseItemModel WithSettings(DenseItemSettings settings) =>
        new(Items, Inverse, Counts, Active, settings, Threshold, Lineage, Downdates);

    /// <summary>Builds what <see cref="Score(ReadOnlySpan{int}, Span{float})"/> reads; a silo calls it before it serves the model.</summary>
    public void PrepareScoring()
    {
        if (Settings.ScoringWeightsPerItem > 0 && Settings.ScoringWeightsPerItem < Size)
        {
            _ = SparseWeights();
        }
        else
        {
            _ = ScoringWeights();
        }
    }

    /// <summary>The strongest <see cref="DenseItemSettings.ScoringWeightsPerItem"/> weights of each row of B (built once per model).</summary>
    public SparseScoringWeights SparseWeights()
    {
        if (_sparse is { } cached)
        {
            return cached;
        }

        var n = Size;
        var scale = Scales();
        return _sparse = SparseScoringWeights.Select(
            n,
            Settings.ScoringWeightsPerItem,
            (h, j) => h == j ? 0 : (float)(-Inverse[(h * n) + j] * scale[j]),
            Active);
    }

    /// <summary>
    /// B as floats, row-major (B_hj = −P_hj/P_jj, zero on the diagonal and for items out of the head):
    /// what serving reads, half the bytes of P, because scoring is bound by memory bandwidth (one row
    /// per held item). Built once per model; a silo builds it before it serves the model.
    /// </summary>
    public float[] ScoringWeights()
    {
        if (_weights is { } cached)
        {
            return cached;
        }

        var n = Size;
        var scale = Scales();
        var weights = new float[n * n];
        SymmetricInverse.ForEachRow(n, h =>
        {
            if (!Active[h])
            {
                return;
            }

            for (var j = 0; j < n; j++)
            {
                weights[(h * n) + j] = h == j ? 0 : (float)(-Inverse[(h * n) + j] * scale[j]);
            }
        });
        return _weights = weights;
    }

    /// <summary>
    /// <see cref="Score(ReadOnlySpan{int}, Span{double})"/> from the float weights: what serving uses.
    /// Items out of the head score 0; a held item's own weight is 0.
    /// </summary>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        var n = Size;
        if (Settings.ScoringWeightsPerItem > 0 && Settings.ScoringWeightsPerItem < n)
        {
            SparseWeights().Score(history, scores);
            return;
        }

        var weights = ScoringWeights();
        var target = scores[..n];
        target.Clear();
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(target);
        foreach (var h in history)
        {
            var row = weights.AsSpan(h * n, n);
            var rows = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(row);
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] += rows[v];
            }

            for (var j = vectors.Length * System.Numerics.Vector<float>.Count; j < n; j++)
            {
                target[j] += row[j];
            }
        }
    }

    /// <summary>1/P_jj for head items, 0 for items out of the head (computed once per model).</summary>
    private double[] Scales()
    {
        if (_scales is { } cached)
        {
            return cached;
        }

        var n = Size;
        var scales = new double[n];
        for (var j = 0; j < n; j++)
        {
            var diagonal = Inverse[(j * n) + j];
            scales[j] = Active[j] && diagonal > 0 ? 1 / diagonal : 0;
        }

        return _scales = scales;
    }

    /// <summary>B_hj, the weight of history item h for candidate j.</summary>
    public double Weight(int h, int j)
    {
        var n = Size;
        var diagonal = Inverse[(j * n) + j];
        return h == j || !(diagonal > 0) ? 0 : -Inverse[(h * n) + j] / diagonal;
    }

    /// <summary>
    /// <see cref="Weight"/> and <see cref="PairCount"/> of each of <paramref name="rows"/> for candidate
    /// <paramref name="j"/>. Every read is a cache miss at a scattered place; issued together, without a
    /// branch between them, the core overlaps them instead of waiting for one after the other.
    /// </summary>
    public void ColumnOf(int j, ReadOnlySpan<int> rows, Span<double> weights, Span<int> pairCounts)
    {
        var n = Size;
        var diagonal = Inverse[(j * n) + j];
        var positive = diagonal > 0;
        for (var r = 0; r < rows.Length; r++)
        {
            var h = rows[r];
            weights[r] = -Inverse[(h * n) + j];
            pairCounts[r] = Counts[(h * n) + j];
        }

        for (var r = 0; r < rows.Length; r++)
        {
            weights[r] = rows[r] == j || !positive ? 0 : weights[r] / diagonal;
        }
    }

    /// <summary>How many contributors hold both items.</summary>
    public int PairCount(int h, int j) => Counts[(h * Size) + j];
}
