namespace OrleansPersonalization.Domain.Ranking;

/// <summary>Section <c>Ranking</c>: the learned ranking stage.</summary>
public sealed class RankerOptions
{
    public const string Section = "Ranking";

    /// <summary>Train a ranker at all; off serves the hand-set blend only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the ranker is retrained from the current contributions (also after a rebuild, and soon after a user it learned from leaves).</summary>
    public int TrainingIntervalSeconds { get; set; } = 600;

    /// <summary>
    /// After the model (re)loads — a start, a failover, a rebuild — the first training waits this
    /// long: a training takes seconds of CPU, and those moments are busy enough already.
    /// </summary>
    public int InitialDelaySeconds { get; set; } = 120;

    /// <summary>Contributors whose items are split for one training (training and validation together); bounds its time.</summary>
    public int MaxTrainingUsers { get; set; } = 5_000;

    /// <summary>Contributors handed to a training in all: those not split still shape the model the features come from. Bounds memory.</summary>
    public int MaxContextUsers { get; set; } = 20_000;

    /// <summary>
    /// Margin the learned weights must keep over the hand-set blend's validation Recall@20 after
    /// two standard errors of the paired difference are taken off. A negative value switches any
    /// learned ranker on (tests use it to follow the lifecycle).
    /// </summary>
    public double MinimumRecallGain { get; set; }

    /// <summary>Below this many contributors with enough history nothing is trained: too little evidence to beat the hand-set blend.</summary>
    public int MinTrainingUsers { get; set; } = 100;

    /// <summary>Share of the sampled users kept apart to decide whether the learned ranker beats the hand-set blend.</summary>
    public double ValidationShare { get; set; } = 0.25;

    public int Seed { get; set; } = 7;
}
