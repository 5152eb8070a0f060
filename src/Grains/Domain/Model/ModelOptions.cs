namespace OrleansPersonalization.Domain.Model;

/// <summary>Section <c>Model</c>: the shared item-to-item model.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>A user contributes at most this many distinct items (the most recent), which bounds the pair counts.</summary>
    public int MaxContributionItems { get; set; } = 50;

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

    /// <summary>How often a changed model is turned into a new snapshot, and how often silos look for one.</summary>
    public int SnapshotIntervalMilliseconds { get; set; } = 500;
}
