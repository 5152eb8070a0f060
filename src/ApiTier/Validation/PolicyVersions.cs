using System.Text.RegularExpressions;

namespace OrleansPersonalization.Api.Validation;

/// <summary>
/// A policy version is a version, not free text: a date or a dotted number, optionally after a
/// <c>v</c> (<c>2026-11</c>, <c>2026-11-01</c>, <c>v3</c>, <c>1.2.0</c>). It is kept in the consent
/// history and the audit trail as proof of consent, and outlives an erasure there, so nothing a
/// client writes into it can be a name, an email or an id.
/// </summary>
public static partial class PolicyVersions
{
    public const string Rule = "A version such as 2026-11, 2026-11-01, v3 or 1.2.0: an optional 'v', then up to four numbers of at most four digits separated by '.' or '-'.";

    public static bool IsValid(string? version) => version is { Length: <= 24 } && Shape().IsMatch(version);

    [GeneratedRegex(@"^v?[0-9]{1,4}([.-][0-9]{1,4}){0,3}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
