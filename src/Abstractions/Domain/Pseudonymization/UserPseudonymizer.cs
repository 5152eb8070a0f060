using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Domain.Pseudonymization;

/// <summary>
/// Turns the client's user id into the pseudonymous user key: HMAC-SHA256 under a secret that is
/// kept outside the data store, so rows in the store cannot be linked back to a person without it.
/// This is the only place a raw user id is ever read.
/// The id is normalized (NFC) first: canonically equivalent spellings are one person.
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
        UserIdentifiers.EnsureNormalizationAvailable();
    }

    /// <summary>
    /// A key for another use of the same secret (HKDF-SHA256 with <paramref name="purpose"/> as its
    /// label), so one secret to provision and rotate, and no use of it can stand in for another.
    /// </summary>
    public byte[] DeriveKey(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, salt: [], info: Encoding.UTF8.GetBytes(purpose));
    }

    /// <summary>
    /// The key of a user id, computed over its canonical form (<see cref="UserIdentifiers"/>), so
    /// every spelling of one id is one user. Callers validate first; an invalid id is a bug here.
    /// </summary>
    public string KeyFor(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var canonical = UserIdentifiers.Canonicalize(userId)
            ?? throw new ArgumentException("Not a valid user id (validate it before pseudonymizing).", nameof(userId));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(canonical), mac);
        return Convert.ToHexStringLower(mac);
    }
}
