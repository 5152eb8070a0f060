using Microsoft.Extensions.Compliance.Classification;

namespace OrleansPersonalization.Domain.Privacy;

/// <summary>Marks a one-way subject digest: kept in logs for correlation.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PseudonymousDataAttribute() : DataClassificationAttribute(PrivacyTaxonomy.PseudonymousData);
