using System.Globalization;

namespace OrleansPersonalization.Api.Validation;

public static class QueryParameters
{
    /// <summary>Reads an optional integer in [min, max]; a repeated, non-numeric or out-of-range value is an error.</summary>
    public static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        value = fallback;
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            return true;
        }

        if (raw.Count > 1 || !int.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            errors[name] = [$"Must be a whole number from {min} to {max}."];
            value = fallback;
            return false;
        }

        return true;
    }

    /// <summary>Reads an optional single string value; a repeated parameter is an error.</summary>
    public static bool TryString(HttpRequest request, string name, out string? value, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var raw = request.Query[name];
        value = raw.Count == 1 ? raw[0] : null;
        if (raw.Count > 1)
        {
            errors[name] = ["Give this parameter once."];
            return false;
        }

        return true;
    }
}
