using System.Collections.Frozen;
using System.Security.Cryptography;

namespace OrleansPersonalization.Domain.Protection;

/// <summary>
/// The master keys that wrap every user's data key. New data keys are wrapped with the current one;
/// every key in the ring can still unwrap, so a rotation adds a key, makes it current, re-wraps the
/// data keys, and only then retires the old key — the system keeps answering throughout.
/// </summary>
public sealed class MasterKeyRing
{
    private readonly FrozenDictionary<string, byte[]> _keys;

    public MasterKeyRing(IReadOnlyDictionary<string, byte[]> keys, string currentId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Values.Any(k => k.Length != 32))
        {
            throw new ArgumentException("Master keys are 32 bytes (AES-256).", nameof(keys));
        }

        if (!keys.ContainsKey(currentId))
        {
            throw new ArgumentException($"The current master key '{currentId}' is not in the ring.", nameof(currentId));
        }

        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
        CurrentId = currentId;
    }

    public string CurrentId { get; }

    public IReadOnlyCollection<string> Ids => _keys.Keys;

    /// <summary>A new random data key, wrapped with the current master key for this user.</summary>
    public (byte[] DataKey, WrappedKey Wrapped) NewDataKey(string userKey)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        return (dataKey, Wrap(dataKey, userKey));
    }

    public WrappedKey Wrap(byte[] dataKey, string userKey) =>
        new(CurrentId, Envelope.Seal(_keys[CurrentId], dataKey, Context(userKey)));

    /// <summary>The data key; throws when its master key is no longer in the ring or the wrap was tampered with.</summary>
    public byte[] Unwrap(WrappedKey wrapped, string userKey)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!_keys.TryGetValue(wrapped.MasterKeyId, out var master))
        {
            throw new CryptographicException($"Master key '{wrapped.MasterKeyId}' is not in the ring.");
        }

        return Envelope.Open(master, wrapped.Blob, Context(userKey));
    }

    private static string Context(string userKey) => "user-data-key|" + userKey;
}
