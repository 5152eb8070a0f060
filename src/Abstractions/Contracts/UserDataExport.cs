using System.Collections.Immutable;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Contracts;

/// <summary>Everything held about one user (GDPR Art. 15 and 20).</summary>
[GenerateSerializer, Immutable, Alias("user-data-export")]
public sealed record UserDataExport(
    [property: Id(0)] DateTimeOffset GeneratedAt,
    [property: Id(1)] string SubjectDigest,
    [property: Id(2)] ConsentLedger Consent,
    [property: Id(3)] UserProfile? Profile,
    [property: Id(4)] ImmutableArray<BehaviourEvent> Events,
    [property: Id(5)] ImmutableSortedSet<string> ModelContributions,
    [property: Id(6)] ImmutableSortedDictionary<string, double> CategoryAffinity,
    [property: Id(7)] RetentionPolicy Retention,
    [property: Id(8)] ImmutableArray<AuditEntry> AuditTrail);
