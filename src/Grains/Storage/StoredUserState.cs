using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Logging;

namespace OrleansPersonalization.Storage;

/// <summary>
/// Opens a stored, sealed user-state row (the storage providers' JSON around the encrypted payload).
/// A row that cannot be opened — its key shredded, sealed by a user re-created since the keys were
/// read, or plaintext where encryption is on — is skipped with a warning, so one row never stops a
/// whole model rebuild.
/// </summary>
public sealed class StoredUserState(UserStateProtector protector, IOptions<ProtectionOptions> protection, ILogger<StoredUserState> logger)
{
    /// <summary>The user's state, or null when the row holds nothing or its key was shredded.</summary>
    public UserState? Open(ReadOnlySpan<byte> json, string userKey, IReadOnlyDictionary<string, byte[]> dataKeys)
    {
        ArgumentNullException.ThrowIfNull(dataKeys);
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var sealedState = new SealedUserState { Payload = payload.GetBytesFromBase64() };
        var dataKey = dataKeys.GetValueOrDefault(userKey);
        var sealedWithKey = UserStateProtector.NeedsKey(sealedState);
        if ((sealedWithKey && dataKey is null) || (!sealedWithKey && protection.Value.EncryptAtRest))
        {
            return null;
        }

        try
        {
            return protector.Open(sealedState, dataKey, userKey);
        }
        catch (CryptographicException)
        {
            logger.StoredStateUnreadable(UserKeys.Digest(userKey));
            return null;
        }
    }

    public ImmutableSortedSet<string> ContributionOf(ReadOnlySpan<byte> json, string userKey, IReadOnlyDictionary<string, byte[]> dataKeys) =>
        Open(json, userKey, dataKeys)?.ContributedItems ?? [];
}
