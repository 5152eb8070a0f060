using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Domain.Ranking;

/// <summary>One consenting contributor's behaviour as the ranker learns from it; the key is pseudonymous.</summary>
public sealed record TrainingUser(string Key, ImmutableArray<BehaviourEvent> History);
