using Orleans.Serialization;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>
/// Seals journal records with the user's data key, like their state. The authenticated context names
/// the user and the entry's sequence, so an entry cannot be moved to another user or another place
/// in the journal without failing to open. Without a key (encryption at rest off, for measuring only)
/// a record is stored behind the same plaintext marker as the state.
/// </summary>
public sealed class UserJournalCodec(Serializer<JournalRecord> serializer)
{
    private const byte Plaintext = 0;

    public byte[] Seal(JournalRecord record, byte[]? dataKey, string userKey, long sequence)
    {
        var bytes = serializer.SerializeToArray(record);
        return dataKey is null ? [Plaintext, .. bytes] : Envelope.Seal(dataKey, bytes, Context(userKey, sequence));
    }

    /// <summary>The record; throws a <see cref="System.Security.Cryptography.CryptographicException"/> for the wrong key, user or place.</summary>
    public JournalRecord Open(JournalEntry entry, byte[]? dataKey, string userKey)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var payload = entry.Payload;
        if (payload is not { Length: > 0 })
        {
            throw new System.Security.Cryptography.CryptographicException("The journal entry is empty.");
        }

        var bytes = payload[0] == Plaintext
            ? payload[1..]
            : Envelope.Open(dataKey ?? throw new System.Security.Cryptography.CryptographicException("The entry is sealed and no key was given."), payload, Context(userKey, entry.Sequence));
        return serializer.Deserialize(bytes) ?? throw new System.Security.Cryptography.CryptographicException("The journal entry is empty.");
    }

    public static bool NeedsKey(JournalEntry entry) => entry?.Payload is { Length: > 0 } payload && payload[0] != Plaintext;

    private static string Context(string userKey, long sequence) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"user-journal|{userKey}|{sequence}");
}
