using Microsoft.AspNetCore.Http.Features;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Reads the client's user id from the path of a <c>/v1/users/{userId}</c> request, so that the
/// user acted on is exactly the user the route names. Routing sees the server's normalized path
/// (dot segments removed, everything but <c>%2F</c> decoded); the id is read from the raw request
/// target, because only there an encoded slash can be told apart from an encoded <c>%2F</c>. A
/// target that normalization changed (dot segments, <c>%2E%2E</c>, malformed escapes) is not
/// canonical and is refused with 400 instead of being guessed at.
/// </summary>
public static class UserIds
{
    public const int MaxLength = UserIdentifiers.MaxLength;

    /// <summary>Where the id sits in <c>/v1/users/{userId}/...</c>, counting the empty segment before the first slash.</summary>
    private const int SegmentIndex = 3;

    public static bool IsValid(string? userId) => UserIdentifiers.IsValid(userId);

    /// <summary>The id the route names, or a problem when the target is not canonical or the id is malformed.</summary>
    public static bool TryRead(HttpContext context, out string userId, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        userId = "";
        problem = null;
        var routed = context.Request.PathBase.Add(context.Request.Path).Value ?? "";
        var raw = RawPath(context) ?? context.Request.PathBase.Add(context.Request.Path).ToUriComponent();
        var segments = raw.Split('/');
        var rawIndex = SegmentIndex + PathSegments(context.Request.PathBase.Value);
        if (!RequestTargets.TryDecode(raw, out _, out var serverView) || !string.Equals(serverView, routed, StringComparison.Ordinal)
            || rawIndex >= segments.Length)
        {
            problem = Problems.Invalid("path", "The request target is not canonical: send the path without dot segments and with each percent-escape encoding UTF-8.");
            return false;
        }

        if (!RequestTargets.TryDecode(segments[rawIndex], out var decoded, out _) || UserIdentifiers.Canonicalize(decoded) is not { } canonical)
        {
            problem = Problems.Invalid("userId", UserIdentifiers.Rule);
            return false;
        }

        userId = canonical;
        return true;
    }

    /// <summary>The path part of the raw request target, or null when the server gives none (in-process test hosts).</summary>
    private static string? RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        // Absolute form (a proxy's "GET http://host/path"): the path starts at the first slash after the authority.
        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (!raw.StartsWith('/') && scheme > 0)
        {
            var slash = raw.IndexOf('/', scheme + 3);
            raw = slash < 0 ? "/" : raw[slash..];
        }

        var end = raw.AsSpan().IndexOfAny('?', '#');
        return end >= 0 ? raw[..end] : raw;
    }

    private static int PathSegments(string? pathBase) =>
        string.IsNullOrEmpty(pathBase) ? 0 : pathBase.Count(c => c == '/');
}
