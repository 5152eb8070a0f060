using Microsoft.Extensions.Compliance.Classification;

namespace OrleansPersonalization.Domain.Privacy;

/// <summary>
/// How our data is classified for redaction. <see cref="PersonalData"/> is anything about a person
/// (profile values, behaviour, raw user ids); it is erased from logs and telemetry.
/// <see cref="PseudonymousData"/> is a one-way digest of a pseudonym, kept so operators can follow one
/// subject through the logs without learning who it is.
/// </summary>
public static class PrivacyTaxonomy
{
    public const string Name = "OrleansPersonalization";

    public static DataClassification PersonalData { get; } = new(Name, nameof(PersonalData));

    public static DataClassification PseudonymousData { get; } = new(Name, nameof(PseudonymousData));
}
