using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Erasure;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Contracts;

/// <summary>One pseudonymous user, keyed by the HMAC user key (never the raw id).</summary>
[Alias("user")]
public interface IUserGrain : IGrainWithStringKey
{
    [Alias("get-consent")]
    Task<ConsentLedger> GetConsent();

    [Alias("set-consent")]
    Task<ConsentLedger> SetConsent(ConsentCommand command);

    [Alias("record-events")]
    Task<EventOutcome> RecordEvents(ImmutableArray<BehaviourEvent> events);

    [Alias("get-profile")]
    Task<UserProfile> GetProfile();

    [Alias("set-profile")]
    Task<ProfileUpdate> SetProfile(UserProfile profile);

    [Alias("recommend")]
    Task<RecommendationList> Recommend(int count, string? category);

    [Alias("export")]
    Task<UserDataExport> Export(string actorRole);

    [Alias("erase")]
    Task<ErasureReceipt> Erase(ErasureCommand command);

    /// <summary>Removes behaviour past its retention period; called by the retention sweep.</summary>
    [Alias("enforce-retention")]
    Task EnforceRetention();

    [Alias("get-model-contribution")]
    Task<ImmutableSortedSet<string>> GetModelContribution();

    /// <summary>
    /// For an admin's search of the audit trail by the client's user id: the subject the user's entries
    /// carry, or null when nothing is stored about the user. The lookup is itself recorded under that
    /// subject, so the user's export shows who looked. Creates nothing.
    /// </summary>
    [Alias("look-up-audit-subject")]
    Task<string?> LookUpAuditSubject(string actorRole);
}

[GenerateSerializer, Immutable, Alias("consent-command")]
public sealed record ConsentCommand(
    [property: Id(0)] ImmutableSortedDictionary<string, bool> Purposes,
    [property: Id(1)] string PolicyVersion,
    [property: Id(2)] string Source,
    [property: Id(3)] string ActorRole);

[GenerateSerializer, Immutable, Alias("erasure-command")]
public sealed record ErasureCommand(
    [property: Id(0)] string ActorRole,
    [property: Id(1)] string? Reason);

[GenerateSerializer, Immutable, Alias("event-outcome")]
public sealed record EventOutcome(
    [property: Id(0)] int Recorded,
    [property: Id(1)] int Dropped,
    [property: Id(2)] string? Reason)
{
    public const string NoConsent = "no-consent";
    public const string OutsideRetention = "outside-retention";
    public const string StateUnreadable = "state-unreadable";
}

[GenerateSerializer, Immutable, Alias("profile-update")]
public sealed record ProfileUpdate(
    [property: Id(0)] UserProfile? Profile,
    [property: Id(1)] bool ConsentRequired);
