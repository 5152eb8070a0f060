using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ErasureJobRequest([property: PersonalData] List<string>? UserIds, [property: PersonalData] string? Reason) : IRequestBody
{
    public const int MaxUsers = 10_000;
    public const int MaxReasonLength = 500;

    public static IReadOnlyList<string> Fields { get; } = ["userIds", "reason"];
}
