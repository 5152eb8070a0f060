using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ItemRequest(string? Category, List<string>? Tags, bool? Available) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["category", "tags", "available"];
}
