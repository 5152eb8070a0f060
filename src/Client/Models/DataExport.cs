namespace OrleansPersonalization.Client.Models;

/// <summary>Everything held about one user (Art. 15 and 20).</summary>
public sealed record DataExport(
    DateTimeOffset GeneratedAt,
    string SubjectDigest,
    ExportedConsent Consent,
    Profile? Profile,
    IReadOnlyList<ExportedEvent> Events,
    ExportedContributions ModelContributions,
    ExportedDerivedData Derived,
    IReadOnlyList<Purpose> Purposes,
    ExportedRetention Retention,
    IReadOnlyList<AuditEntry> AuditTrail);

public sealed record ExportedConsent(IReadOnlyDictionary<string, ConsentDecision> Purposes, IReadOnlyList<ConsentChange> History);

public sealed record ConsentChange(string Purpose, bool Granted, DateTimeOffset At, string PolicyVersion, string Source);

public sealed record ExportedEvent(string ItemId, string Type, DateTimeOffset At, double? Value, string? EventId);

public sealed record ExportedContributions(IReadOnlyList<string> Items);

public sealed record ExportedDerivedData(IReadOnlyDictionary<string, double> CategoryAffinity);

public sealed record ExportedRetention(int BehaviourDays, int MaxEvents);
