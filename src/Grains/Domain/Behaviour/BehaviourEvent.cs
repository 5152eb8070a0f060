namespace OrleansPersonalization.Domain.Behaviour;

/// <summary>One interaction. <see cref="Value"/> is the rating and exists only for ratings.</summary>
[GenerateSerializer, Immutable, Alias("behaviour-event")]
public sealed record BehaviourEvent(
    [property: Id(0)] string ItemId,
    [property: Id(1)] EventType Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] double? Value = null);
