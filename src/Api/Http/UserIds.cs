using Microsoft.AspNetCore.Http.Features;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Reads and checks the client's user id from the path. The id is decoded from the raw request
/// target, because routing leaves an encoded slash (%2F) undecoded and ids may contain slashes.
/// </summary>
public static class UserIds
{
    public const int MaxLength = 256;

    public static bool IsValid(string? userId) =>
        !string.IsNullOrEmpty(userId) && userId.Length <= MaxLength && !userId.Any(char.IsControl);

    /// <summary>The id after <c>/v1/users/</c>, or a problem when it is malformed.</summary>
    public static bool TryRead(HttpContext context, out string userId, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(raw) || !raw.StartsWith('/') ? context.Request.Path.ToUriComponent() : raw;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        var segments = path.Split('/');
        var index = Array.IndexOf(segments, "users") + 1;
        userId = "";
        problem = null;
        try
        {
            userId = index > 0 && index < segments.Length ? Uri.UnescapeDataString(segments[index]) : "";
        }
        catch (UriFormatException)
        {
            userId = "";
        }

        if (!IsValid(userId))
        {
            problem = Problems.Invalid("userId", $"The user id must be 1 to {MaxLength} characters without control characters, URL-encoded.");
            userId = "";
            return false;
        }

        return true;
    }
}
