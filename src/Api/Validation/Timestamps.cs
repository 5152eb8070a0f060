using System.Globalization;

namespace OrleansPersonalization.Api.Validation;

public static class Timestamps
{
    /// <summary>Parses an ISO-8601 time that states its offset (<c>Z</c> or <c>±hh:mm</c>); local times are ambiguous and refused.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length > 40 || !text.Contains('T', StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || parsed.Kind == DateTimeKind.Unspecified)
        {
            return false;
        }

        value = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal).ToUniversalTime();
        return true;
    }
}
