using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// What a silo serves from: an immutable, versioned view of the shared model. Scoring reads it
/// without locks or network calls; a newer snapshot simply replaces the reference.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-snapshot")]
public sealed record ModelSnapshot(
    [property: Id(0)] string Version,
    [property: Id(1)] DateTimeOffset BuiltAt,
    [property: Id(2)] long Contributors,
    [property: Id(3)] long Interactions,
    [property: Id(4)] ImmutableSortedDictionary<string, long> ItemCounts,
    [property: Id(5)] ImmutableDictionary<string, ImmutableArray<Neighbour>> Neighbours)
{
    public static ModelSnapshot Empty { get; } = new(
        "empty", DateTimeOffset.MinValue, 0, 0,
        ImmutableSortedDictionary<string, long>.Empty, ImmutableDictionary<string, ImmutableArray<Neighbour>>.Empty);

    /// <summary>The learned ranking stage, when one beat the hand-set blend offline; null serves the hand-set blend.</summary>
    [Id(6)]
    public Recommendations.RankingWeights? Ranking { get; init; }

    /// <summary>What the last ranker training measured (null before the first one).</summary>
    [Id(7)]
    public Ranking.RankerReport? RankerReport { get; init; }

    /// <summary>
    /// The k this snapshot was built with: every item count and every neighbour pair in it rests on at
    /// least this many contributors. Part of the model, so a from-scratch rebuild must agree on it too.
    /// </summary>
    [Id(8)]
    public int MinimumSupport { get; init; } = 1;

    /// <summary>The dense item model that scores recommendations (null or empty: cosine neighbours score them).</summary>
    [Id(9)]
    public DenseItemModel? Dense { get; init; }

    /// <summary>
    /// False while the dense model lags the statistics (contributions arrived since its last solve,
    /// which runs off the model grain's turn): new co-occurrences then speak through the cosine
    /// neighbours and popularity only, until the next solve. Leavers never make it lag: they are downdated.
    /// True when no dense head is configured (nothing lags).
    /// </summary>
    [Id(10)]
    public bool DenseCurrent { get; init; }

    [NonSerialized]
    private ImmutableArray<string>? _popular;
    [NonSerialized]
    private long? _maxItemCount;

    [NonSerialized]
    private System.Collections.Frozen.FrozenDictionary<string, long>? _counts;

    [NonSerialized]
    private Recommendations.ScoringIndex? _scoring;

    [NonSerialized]
    private Dictionary<string, ImmutableArray<Neighbour>>? _neighbourLookup;

    [NonSerialized]
    private Dictionary<string, long>? _countLookup;

    /// <summary>
    /// The lists and counts as hash tables (built once per snapshot): what comparing two versions reads,
    /// 10,000 lookups into immutable trees being the larger part of that comparison.
    /// </summary>
    internal (Dictionary<string, ImmutableArray<Neighbour>> Neighbours, Dictionary<string, long> Counts) Lookups() =>
        (_neighbourLookup ??= new(Neighbours, StringComparer.Ordinal), _countLookup ??= new(ItemCounts, StringComparer.Ordinal));

    /// <summary>The array form scoring reads (computed once per snapshot).</summary>
    public Recommendations.ScoringIndex Scoring() => _scoring ??= Recommendations.ScoringIndex.For(this);

    /// <summary>Contributor counts as a hash lookup (computed once per snapshot).</summary>
    public System.Collections.Frozen.FrozenDictionary<string, long> Counts() =>
        _counts ??= System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(ItemCounts, StringComparer.Ordinal);

    /// <summary>Items by contributor count, most popular first (computed once per snapshot).</summary>
    public ImmutableArray<string> PopularItems() =>
        _popular ??= [.. ItemCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key)];

    public long MaxItemCount() => _maxItemCount ??= ItemCounts.IsEmpty ? 0 : ItemCounts.Values.Max();

    public ImmutableArray<Neighbour> NeighboursOf(string itemId) =>
        Neighbours.TryGetValue(itemId, out var list) ? list : [];

    /// <summary>
    /// The publishable view of the statistics, a pure function of the counts and the options: only
    /// items and pairs held by at least <see cref="ModelOptions.MinimumSupport"/> contributors. Scoring,
    /// the popular fallback, /similar, the ranker's features and the offline evaluation all read a
    /// snapshot, so none of them can see a count below k. Items below k are absent, exactly like items
    /// nobody contributed yet. The totals (contributors, interactions) stay exact: they name no item.
    /// </summary>
    public static ModelSnapshot From(CooccurrenceStatistics statistics, ModelOptions options, string version, DateTimeOffset builtAt)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        var dense = options.DenseItems > 0 ? DenseItemModel.Fit(statistics, options.DenseSettings(), options.MinimumSupport) : null;
        return From(statistics, options, version, builtAt, dense);
    }

    /// <summary>The same, with a dense model kept up to date apart (the model grain downdates it on erasure instead of re-solving).</summary>
    public static ModelSnapshot From(CooccurrenceStatistics statistics, ModelOptions options, string version, DateTimeOffset builtAt, DenseItemModel? dense)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        var minimumSupport = Math.Max(1, options.MinimumSupport);
        return new ModelSnapshot(
            version,
            builtAt,
            statistics.Contributors,
            statistics.Interactions,
            statistics.ItemCounts(minimumSupport),
            statistics.Neighbours(options.Neighbours, options.Shrinkage, minimumSupport))
        {
            MinimumSupport = minimumSupport,
            Dense = dense,
        };
    }
}
