using OrleansPersonalization.Domain.Ranking;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>How the offline evaluation compares the served model with the references.</summary>
public sealed record EvaluationSettings
{
    /// <summary>EASE's λ candidates, chosen by Recall@20 on the validation split.</summary>
    public IReadOnlyList<double> EaseLambdas { get; init; } = [10, 25, 50, 100, 200, 400, 800];

    /// <summary>When set, the served model's dense λ and dropout are tuned on the validation split too.</summary>
    public bool TuneServed { get; init; }

    public IReadOnlyList<double> ServedLambdas { get; init; } = [2.5, 5, 10, 20, 40];

    public IReadOnlyList<double> ServedDropouts { get; init; } = [0, 0.5, 0.66, 0.8];

    /// <summary>Events a user keeps (the behaviour bound the served model lives with).</summary>
    public int MaxEvents { get; init; } = 200;

    /// <summary>Leaves the learned ranking stage out (it trains for a while on large sets).</summary>
    public bool SkipRanker { get; init; }

    /// <summary>Leaves EASE out (a dense n³ solve per λ).</summary>
    public bool SkipEase { get; init; }

    public int Seed { get; init; } = 7;

    public RankerOptions Ranker { get; init; } = new();
}
