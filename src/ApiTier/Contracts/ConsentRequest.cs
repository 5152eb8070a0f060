using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ConsentRequest(Dictionary<string, bool>? Purposes, string? PolicyVersion, string? Source) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["purposes", "policyVersion", "source"];
}
