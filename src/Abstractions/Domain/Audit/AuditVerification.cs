namespace OrleansPersonalization.Domain.Audit;

/// <summary>The outcome of walking the audit trail: intact, or where it first breaks and why.</summary>
[GenerateSerializer, Immutable, Alias("audit-verification")]
public sealed record AuditVerification(
    [property: Id(0)] bool IsIntact,
    [property: Id(1)] long VerifiedEntries,
    [property: Id(2)] long? BrokenAt,
    [property: Id(3)] string? Problem)
{
    public static AuditVerification Intact(long entries) => new(true, entries, null, null);

    public static AuditVerification Broken(long verified, long at, string problem) => new(false, verified, at, problem);
}
