using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Grains;

/// <summary>Everything stored for one user. Nothing outside this record refers to the user.</summary>
[GenerateSerializer, Alias("user-state")]
public sealed record UserState
{
    [Id(0), PersonalData] public ConsentLedger Consent { get; init; } = ConsentLedger.Empty;
    [Id(1), PersonalData] public UserProfile? Profile { get; init; }
    [Id(2), PersonalData] public ImmutableArray<BehaviourEvent> Events { get; init; } = [];

    /// <summary>Exactly what this user has added to the shared model, so it can be taken out again.</summary>
    [Id(3), PersonalData] public ImmutableSortedSet<string> ContributedItems { get; init; } = [];

    /// <summary>
    /// The name audit entries about this user carry (<see cref="Domain.Audit.AuditSubjects"/>): random,
    /// and stored nowhere else, so the erasure that shreds this state unlinks them.
    /// </summary>
    [Id(4), PseudonymousData] public string? AuditSubject { get; init; }
}
