namespace OrleansPersonalization.Domain.Consent;

/// <summary>One entry of the consent history: proof of a grant or withdrawal.</summary>
[GenerateSerializer, Immutable, Alias("consent-change")]
public sealed record ConsentChange(
    [property: Id(0)] string Purpose,
    [property: Id(1)] bool Granted,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string PolicyVersion,
    [property: Id(4)] string Source);
