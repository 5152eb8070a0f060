namespace OrleansPersonalization.Domain.Consent;

/// <summary>The current decision for one purpose; a purpose never decided is not granted.</summary>
[GenerateSerializer, Immutable, Alias("consent-decision")]
public sealed record ConsentDecision(
    [property: Id(0)] bool Granted,
    [property: Id(1)] DateTimeOffset? At,
    [property: Id(2)] string? PolicyVersion,
    [property: Id(3)] string? Source)
{
    public static ConsentDecision NeverDecided { get; } = new(false, null, null, null);
}
