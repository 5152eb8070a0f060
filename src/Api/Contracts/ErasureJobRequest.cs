using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ErasureJobRequest(List<string>? UserIds, string? Reason) : IRequestBody
{
    public const int MaxUsers = 10_000;
    public const int MaxReasonLength = 500;

    public static IReadOnlyList<string> Fields { get; } = ["userIds", "reason"];
}
