using System.Collections.Immutable;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Domain.Profile;

/// <summary>The minimized profile: only these fields exist, each from a closed vocabulary.</summary>
[GenerateSerializer, Immutable, Alias("user-profile")]
public sealed record UserProfile
{
    [Id(0), PersonalData] public string? AgeBand { get; init; }
    [Id(1), PersonalData] public string? Country { get; init; }
    [Id(2), PersonalData] public string? Language { get; init; }
    [Id(3), PersonalData] public ImmutableArray<string> Interests { get; init; } = [];
    [Id(4), PersonalData] public string PersonalizationLevel { get; init; } = Profile.PersonalizationLevel.Full;

    public static UserProfile Default { get; } = new();

    // Value equality over the interests' contents too (ImmutableArray compares by reference), so
    // an unchanged profile is recognised as unchanged however it was built.
    public bool Equals(UserProfile? other) =>
        other is not null
        && AgeBand == other.AgeBand && Country == other.Country && Language == other.Language
        && PersonalizationLevel == other.PersonalizationLevel
        && Interests.AsSpan().SequenceEqual(other.Interests.AsSpan());

    public override int GetHashCode() => HashCode.Combine(AgeBand, Country, Language, PersonalizationLevel, Interests.Length);
}
