using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Profile;

/// <summary>The minimized profile: only these fields exist, each from a closed vocabulary.</summary>
[GenerateSerializer, Immutable, Alias("user-profile")]
public sealed record UserProfile
{
    [Id(0)] public string? AgeBand { get; init; }
    [Id(1)] public string? Country { get; init; }
    [Id(2)] public string? Language { get; init; }
    [Id(3)] public ImmutableArray<string> Interests { get; init; } = [];
    [Id(4)] public string PersonalizationLevel { get; init; } = Profile.PersonalizationLevel.Full;

    public static UserProfile Default { get; } = new();
}
