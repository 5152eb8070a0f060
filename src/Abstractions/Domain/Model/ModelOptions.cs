namespace OrleansPersonalization.Domain.Model;

/// <summary>Section <c>Model</c>: the shared item-to-item model.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>
    /// A user contributes at most this many distinct items (the most recent), which bounds the pair
    /// counts and an erasure's cost (O(n²) per item). The same as the behaviour bound (200 events), so
    /// everything a user keeps may count; the README gives what a smaller cap costs in quality.
    /// </summary>
    public int MaxContributionItems { get; set; } = 200;

    /// <summary>Head items the dense model holds at most (memory: two n² arrays); 0 serves cosine neighbours only.</summary>
    public int DenseItems { get; set; } = 3_000;

    /// <summary>The dense model's L2 regularization λ (on the weighted Gram's scale).</summary>
    public double DenseLambda { get; set; } = 10;

    /// <summary>The dense model's dropout rate p: popular items are regularized by p/(1−p) times their count.</summary>
    public double DenseDropout { get; set; } = 0.66;

    /// <summary>The fewest contributors an item needs to be in the dense head (at least k).</summary>
    public int DenseMinimumCount { get; set; } = 1;

    /// <summary>
    /// The least time between two from-scratch solves of the dense model (and at least nine times the
    /// last solve's duration): how long a new contribution may wait to be served. Erasures do not wait.
    /// </summary>
    public int DenseSolveIntervalMilliseconds { get; set; } = 1_000;

    /// <summary>α: a contributor holding |x| items adds |x|^−α to each pair, so heavy users weigh less per pair.</summary>
    public double DenseUserWeightExponent { get; set; } = 0.5;

    public DenseItemSettings DenseSettings() =>
        new(Math.Max(0, DenseItems), DenseLambda, DenseMinimumCount, Math.Clamp(DenseDropout, 0, 0.95), Math.Clamp(DenseUserWeightExponent, 0, 2), Math.Max(0, DenseScoringWeightsPerItem));

    /// <summary>
    /// How many of each held item's weights serving adds (the strongest by magnitude; 0: all n).
    /// A recommendation costs h·K instead of h·n additions, the same at any head size.
    /// </summary>
    public int DenseScoringWeightsPerItem { get; set; }

    /// <summary>Neighbours kept per item in a served snapshot (scoring cost grows with it).</summary>
    public int Neighbours { get; set; } = 20;

    /// <summary>
    /// k: the fewest distinct contributors a published statistic may rest on. A pair of items is a
    /// neighbour relation, and an item has a count (popularity), only when at least this many
    /// contributors hold them; below it a neighbour list or a popularity figure would show what one
    /// or two people did. Stated in the privacy notice.
    /// </summary>
    public int MinimumSupport { get; set; } = 5;

    /// <summary>Added to the cosine denominator so pairs seen by very few users count less.</summary>
    public double Shrinkage { get; set; } = 2.0;

    /// <summary>
    /// How many partitions users' contribution changes go through to the model (by user key). More
    /// partitions spread the batching over more silos; each sends one call at a time.
    /// </summary>
    public int ContributionPartitions { get; set; } = 16;

    /// <summary>How often a changed model is turned into a new snapshot, and how often silos look for one.</summary>
    public int SnapshotIntervalMilliseconds { get; set; } = 200;
}
