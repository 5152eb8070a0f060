using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Domain.Pseudonymization;

/// <summary>
/// Turns the client's user id into the pseudonymous user key: HMAC-SHA256 under a secret that is
/// kept outside the data store, so rows in the store cannot be linked back to a person without it.
/// This is the only place a raw user id is ever read.
/// </summary>
public sealed class UserPseudonymizer
{
    public const int MinimumSecretBytes = 32;
    private readonly byte[] _secret;

    public UserPseudonymizer(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The pseudonymization secret must have at least {MinimumSecretBytes} bytes.", nameof(secret));
        }

        _secret = secret.ToArray();
    }

    public string KeyFor(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(userId), mac);
        return Convert.ToHexStringLower(mac);
    }
}
