using System.Globalization;

namespace OrleansPersonalization.Api.Validation;

public static class Timestamps
{
    // The contract's ISO-8601 shapes; an explicit 'Z' or a numeric offset is part of every one.
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mmzzz",
    ];

    /// <summary>
    /// Parses an ISO-8601 time that states its offset (<c>Z</c> or <c>±hh:mm</c>); local times are
    /// ambiguous and refused. Total: any text gives true or false, never an exception, and a time
    /// whose UTC instant falls outside the calendar (<c>0001-01-01T00:00:00+01:00</c>) is refused
    /// rather than shifted.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40
            || !DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        value = parsed.ToUniversalTime();
        return true;
    }
}
