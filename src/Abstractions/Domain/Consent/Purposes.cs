namespace OrleansPersonalization.Domain.Consent;

/// <summary>The processing purposes a user can grant. Anything else is out of vocabulary.</summary>
public static class Purposes
{
    public const string Personalization = "personalization";
    public const string ModelTraining = "modelTraining";

    public static IReadOnlyList<PurposeDefinition> All { get; } =
    [
        new(Personalization,
            "Recommend items to you from your own recent behaviour and the profile you declared.",
            "Consent, GDPR Art. 6(1)(a)"),
        new(ModelTraining,
            "Include which items you interacted with in the shared, pseudonymous recommendation model that serves all users.",
            "Consent, GDPR Art. 6(1)(a)"),
    ];

    public static bool IsKnown(string purpose) => All.Any(p => p.Id == purpose);
}

public sealed record PurposeDefinition(string Id, string Description, string LegalBasis);
