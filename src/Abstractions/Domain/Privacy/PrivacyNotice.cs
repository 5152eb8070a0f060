using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Domain.Privacy;

/// <summary>The retention rules in numbers, for programs (an import checks what would be refused before sending it).</summary>
public sealed record RetentionLimits(int BehaviourDays, int MaxEventsPerUser, int MaxConsentHistory, int AllowedClockSkewSeconds);

public sealed record DataCategory(string Id, string Description, IReadOnlyList<string> Fields, string Purpose, string Retention);

public sealed record PrivacyNotice(
    string Controller,
    IReadOnlyList<PurposeDefinition> Purposes,
    IReadOnlyList<DataCategory> DataCategories,
    IReadOnlyDictionary<string, string> Retention,
    IReadOnlyList<string> Recipients,
    string Pseudonymization,
    IReadOnlyList<string> Rights,
    IReadOnlyList<string> ConsentSources,
    SharedModelStatement SharedModel,
    RetentionLimits Limits,
    string PolicyVersion)
{
    /// <summary>Builds the notice from the running configuration and the code's own vocabularies.</summary>
    public static PrivacyNotice From(PrivacyOptions options, ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        var behaviourRetention =
            $"{options.EventRetentionDays} days, at most {options.MaxEventsPerUser} events per user; older events are physically deleted.";
        return new PrivacyNotice(
            options.Controller,
            Consent.Purposes.All,
            [
                new("consent", "Your consent decisions and their history (time, policy version, source).",
                    ["purposes", "history"], "Proof of consent (legal obligation, GDPR Art. 7(1))",
                    $"Until erasure; the last {options.MaxConsentHistory} changes are kept."),
                new("profile", "The minimized profile you declared, from closed vocabularies only.",
                    ProfileVocabulary.Fields, Consent.Purposes.Personalization, "Until you withdraw personalization consent or erase your data."),
                new("behaviour", $"Recent interactions with items: {string.Join(", ", EventTypes.Names)}.",
                    ["itemId", "type", "at", "value"], Consent.Purposes.Personalization, behaviourRetention),
                new("modelContributions", "The set of distinct items from your retained behaviour that the shared model counts.",
                    ["items"], Consent.Purposes.ModelTraining, "As long as the behaviour behind them is retained and you consent."),
            ],
            new Dictionary<string, string>
            {
                ["behaviour"] = behaviourRetention,
                ["consentHistory"] = $"Last {options.MaxConsentHistory} changes, until erasure.",
                ["profile"] = "Until consent withdrawal or erasure.",
                ["erasureReceipts"] = "The erasure is recorded under its receipt. Audit lines about you carry a random subject kept only with your data; once you are erased, nothing links them to you.",
            },
            [.. options.Recipients],
            "Your identifier is replaced by a keyed hash (HMAC-SHA256) of its Unicode NFC form at the edge, so every spelling of one identifier is one person; the key lives outside the data store. We never store, log or return your identifier.",
            ["access and portability: GET /v1/users/{userId}/data", "erasure: DELETE /v1/users/{userId}", "withdraw consent: PUT /v1/users/{userId}/consent"],
            options.AllConsentSources(),
            SharedModelStatement.For(Math.Max(1, model.MinimumSupport)),
            new RetentionLimits(options.EventRetentionDays, options.MaxEventsPerUser, options.MaxConsentHistory, options.AllowedClockSkewSeconds),
            options.PolicyVersion);
    }
}
