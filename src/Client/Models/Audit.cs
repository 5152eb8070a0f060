namespace OrleansPersonalization.Client.Models;

/// <summary>Filters of an audit search; <see cref="After"/> is the previous page's <c>Next</c>.</summary>
public sealed record AuditFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Kind = null, int? Limit = null, long? After = null);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Events, long? Next);

/// <param name="SubjectDigest">The random subject of the person (never an id), or an erasure's receipt.</param>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Kind, string ActorRole, string? SubjectDigest, string? Detail, string? Previous, string? Mac);

public sealed record AuditVerification(bool IsIntact, long VerifiedEntries, long? BrokenAt, string? Problem);
