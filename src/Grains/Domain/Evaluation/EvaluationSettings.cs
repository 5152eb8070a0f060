using OrleansPersonalization.Domain.Ranking;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>What the offline evaluation compares beyond most-popular and the served item-item model.</summary>
public sealed record EvaluationSettings
{
    /// <summary>EASE covers this many of the most popular items (a dense n×n solve); 0 leaves EASE out.</summary>
    public int EaseItems { get; init; } = 2_000;

    /// <summary>EASE's L2 regularization.</summary>
    public double EaseLambda { get; init; } = 200;

    public RankerOptions Ranker { get; init; } = new();
}
