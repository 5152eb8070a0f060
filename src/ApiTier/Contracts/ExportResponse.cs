using OrleansPersonalization.Api.Endpoints;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;

namespace OrleansPersonalization.Api.Contracts;

/// <summary>The Art. 15/20 export: every stored field of the user, plus what we derive and why.</summary>
public sealed record ExportResponse(
    DateTimeOffset GeneratedAt,
    string SubjectDigest,
    ExportConsent Consent,
    ProfileResponse? Profile,
    IReadOnlyList<ExportEvent> Events,
    ExportModelContributions ModelContributions,
    ExportDerived Derived,
    IReadOnlyList<PurposeDefinition> Purposes,
    ExportRetention Retention,
    IReadOnlyList<AuditEntry> AuditTrail)
{
    public static ExportResponse From(UserDataExport export, IReadOnlyList<PurposeDefinition> purposes)
    {
        ArgumentNullException.ThrowIfNull(export);
        return new ExportResponse(
            export.GeneratedAt,
            export.SubjectDigest,
            new ExportConsent(
                ConsentEndpoints.ToResponse(export.Consent).Purposes,
                [.. export.Consent.History.Select(h => new ExportConsentChange(h.Purpose, h.Granted, h.At, h.PolicyVersion, h.Source))]),
            export.Profile is null ? null : ProfileEndpoints.ToResponse(export.Profile),
            [.. export.Events.Select(e => new ExportEvent(e.ItemId, e.Type.ToName(), e.At, e.Value, e.EventId))],
            new ExportModelContributions([.. export.ModelContributions]),
            new ExportDerived(export.CategoryAffinity),
            purposes,
            new ExportRetention((int)export.Retention.Retention.TotalDays, export.Retention.MaxEvents),
            export.AuditTrail);
    }
}

public sealed record ExportConsent(IReadOnlyDictionary<string, ConsentDecisionResponse> Purposes, IReadOnlyList<ExportConsentChange> History);

public sealed record ExportConsentChange(string Purpose, bool Granted, DateTimeOffset At, string PolicyVersion, string Source);

public sealed record ExportEvent(string ItemId, string Type, DateTimeOffset At, double? Value, string? EventId);

public sealed record ExportModelContributions(IReadOnlyList<string> Items);

public sealed record ExportDerived(IReadOnlyDictionary<string, double> CategoryAffinity);

public sealed record ExportRetention(int BehaviourDays, int MaxEvents);
