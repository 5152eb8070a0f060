using Microsoft.Extensions.Compliance.Classification;

namespace OrleansPersonalization.Domain.Privacy;

/// <summary>Marks a field, property or log parameter as personal data: redacted wherever it would leave the system.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(PrivacyTaxonomy.PersonalData);
