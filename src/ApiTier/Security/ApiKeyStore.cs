using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Api.Security;

/// <summary>Resolves a presented key to its role by comparing hashes in constant time.</summary>
public sealed class ApiKeyStore
{
    private readonly (byte[] Hash, ApiKeyEntry Entry)[] _keys;

    public ApiKeyStore(IEnumerable<ApiKeyEntry> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys.Select(k => (Convert.FromHexString(k.Sha256), k))];
        if (_keys.Any(k => k.Hash.Length != SHA256.HashSizeInBytes || !ApiRoles.All.Contains(k.Entry.Role)))
        {
            throw new InvalidOperationException("Every API key needs a SHA-256 hash (64 hex digits) and a role of 'app' or 'admin'.");
        }
    }

    public int Count => _keys.Length;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public ApiKeyEntry? Find(string presentedKey)
    {
        ArgumentNullException.ThrowIfNull(presentedKey);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        ApiKeyEntry? match = null;

        // Compare with every key, matched or not, so timing says nothing about which one matched.
        foreach (var (hash, entry) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                match = entry;
            }
        }

        return match;
    }
}
