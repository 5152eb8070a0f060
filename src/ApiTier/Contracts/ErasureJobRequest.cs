using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ErasureJobRequest([property: PersonalData] List<string>? UserIds, [property: PersonalData] string? Reason) : IRequestBody
{
    public const int MaxUsers = 10_000;
    public const int MaxReasonLength = 500;

    /// <summary>10,000 UUID-sized ids take about 400 KiB; 1 MiB leaves room for longer ones (emails).</summary>
    public static int MaxBytes => JsonBody.BulkMaxBytes;

    public static IReadOnlyList<string> Fields { get; } = ["userIds", "reason"];
}
