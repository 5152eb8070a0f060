using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Domain.Behaviour;

/// <summary>
/// One interaction. <see cref="Value"/> is the rating and exists only for ratings.
/// <see cref="EventId"/> makes a delivery idempotent: an event whose id is already in the user's
/// buffer is not recorded again (the client's own id, or one the API assigns per request).
/// </summary>
[GenerateSerializer, Immutable, Alias("behaviour-event")]
public sealed record BehaviourEvent(
    [property: Id(0), PersonalData] string ItemId,
    [property: Id(1), PersonalData] EventType Type,
    [property: Id(2), PersonalData] DateTimeOffset At,
    [property: Id(3), PersonalData] double? Value = null,
    [property: Id(4), PersonalData] string? EventId = null);
