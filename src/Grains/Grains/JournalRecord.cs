using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Grains;

/// <summary>
/// One delivery of behaviour as the journal keeps it: the events that were new, and when they were
/// recorded, so that replaying it applies exactly the step the grain took (the same pruning, the same
/// re-keying deadline).
/// </summary>
[GenerateSerializer, Alias("journal-record")]
public sealed record JournalRecord(
    [property: Id(0), PersonalData] ImmutableArray<BehaviourEvent> Events,
    [property: Id(1)] DateTimeOffset At);
