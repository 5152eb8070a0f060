using System.Collections.Immutable;
using System.Text.Json;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>Opens a stored, sealed user-state row (the storage providers' JSON around the encrypted payload).</summary>
public sealed class StoredUserState(UserStateProtector protector)
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
        return UserStateProtector.NeedsKey(sealedState) && dataKey is null ? null : protector.Open(sealedState, dataKey, userKey);
    }

    public ImmutableSortedSet<string> ContributionOf(ReadOnlySpan<byte> json, string userKey, IReadOnlyDictionary<string, byte[]> dataKeys) =>
        Open(json, userKey, dataKeys)?.ContributedItems ?? [];
}
