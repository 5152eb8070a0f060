using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>An admin key, presented once to open a console session.</summary>
public sealed record ConsoleSignInRequest(string? Key) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["key"];
}
