using System.Buffers;

namespace OrleansPersonalization.Api.Validation;

/// <summary>Short machine tokens (policy versions, consent sources): no free text, so no personal data.</summary>
public static class Tokens
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    public static bool IsValid(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= MaxLength && !token.AsSpan().ContainsAnyExcept(Allowed);
}
