using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Domain.Pseudonymization;

/// <summary>Shape checks and one-way digests of user keys.</summary>
public static class UserKeys
{
    public const int Length = 64;

    public static bool IsWellFormed(string? key) =>
        key is { Length: Length } && key.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    /// <summary>
    /// The digest that audit lines, logs and receipts carry: a one-way hash of the pseudonymous key,
    /// so even the pseudonym never leaves the user's own row. Whoever holds the HMAC secret and a
    /// raw id can recompute it to find the audit lines about that person.
    /// </summary>
    public static string Digest(string userKey)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("audit-digest-v1:" + userKey));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
