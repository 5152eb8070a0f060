using System.Collections.Immutable;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Domain.Ranking;

/// <summary>A finished training: the fitted weights, its report, and whose data it learned from.</summary>
public sealed record RankerOutcome(RankingWeights? Learned, RankerReport Report, ImmutableHashSet<string> LearnedFrom)
{
    /// <summary>The weights to serve: the learned ones only when they beat the hand-set blend on held-out users.</summary>
    public RankingWeights? Adopted => Report.Adopted ? Learned : null;
}
