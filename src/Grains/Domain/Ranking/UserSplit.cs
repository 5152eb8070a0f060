using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Domain.Ranking;

/// <summary>A user's behaviour with a fifth of the distinct items hidden: what the ranker learns to find.</summary>
public sealed record UserSplit(string Key, ImmutableArray<BehaviourEvent> Visible, ImmutableHashSet<string> Hidden);
