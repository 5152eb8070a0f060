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

    /// <summary>
    /// Set when an ordinary write removed personal data (an event past the size bound or past its
    /// retention, old consent history) without re-keying: by then the state is re-keyed, so older
    /// versions of the row stop opening (see <see cref="Domain.Protection.DataRemoval"/>).
    /// </summary>
    [Id(5)] public DateTimeOffset? RekeyDueBy { get; init; }

    /// <summary>The row was written before audit subjects: entries about this user may also carry the key's digest.</summary>
    [Id(6)] public bool HasLegacyAuditEntries { get; init; }

    /// <summary>The last journal entry this state holds (<see cref="Storage.IUserJournal"/>); later entries are replayed on top of it.</summary>
    [Id(7)] public long JournalThrough { get; init; }
}
