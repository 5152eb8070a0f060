using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// Where a job stands. Only the field of its kind is set once it completes: the new model version
/// of a rebuild, the number of keys a rewrap wrapped again, a verification's outcome.
/// </summary>
[GenerateSerializer, Immutable, Alias("admin-job-status")]
public sealed record AdminJobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string State,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] string? Error,
    [property: Id(6)] string? ModelVersion,
    [property: Id(7)] int? Rewrapped,
    [property: Id(8)] AuditVerification? Verification)
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
