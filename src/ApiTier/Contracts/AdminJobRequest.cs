using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

/// <param name="Kind">One of <c>model-rebuild</c>, <c>key-rewrap</c>, <c>audit-verify</c>.</param>
public sealed record AdminJobRequest(string? Kind) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["kind"];
}
