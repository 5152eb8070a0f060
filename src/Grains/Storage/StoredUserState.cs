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
/// Opens a stored, sealed user-state row (the storage providers' JSON around the encrypted payload)
/// outside the grain, for a model rebuild or an inspection. A row that cannot be opened — damaged,
/// its key shredded, sealed by a user re-created since the keys were read, or plaintext where
/// encryption is on — is skipped with a warning, so one row never stops a whole model rebuild.
/// </summary>
public sealed class StoredUserState(
    UserStateProtector protector,
    UserJournalCodec journal,
    UserStateRules rules,
    UserDataKeys keys,
    IOptions<ProtectionOptions> protection,
    ILogger<StoredUserState> logger)
{
    /// <summary>
    /// The user's state with their journal replayed on it, or null when the row holds nothing or
    /// cannot be opened. <paramref name="dataKeys"/> are the keys read before the rows (one read for
    /// a whole rebuild); a row that does not open with them is tried once more with the user's keys
    /// as they are now, because the user may have been re-keyed (a removal of personal data) in between.
    /// </summary>
    public async Task<UserState?> OpenAsync(StoredUser user, IReadOnlyDictionary<string, byte[]>? dataKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userKey = user.UserKey;
        if (!TryReadPayload(user.Row.Span, out var sealedState))
        {
            logger.StoredStateUnreadable(UserKeys.Digest(userKey));
            return null;
        }

        if (sealedState.Payload is not { Length: > 0 })
        {
            return null;
        }

        if (!UserStateProtector.NeedsKey(sealedState))
        {
            return protection.Value.EncryptAtRest ? null : Replay(protector.Open(sealedState, null, userKey), user, null);
        }

        if (dataKeys?.GetValueOrDefault(userKey) is { } known && TryOpen(sealedState, known, userKey) is { } opened)
        {
            return Replay(opened, user, known);
        }

        try
        {
            foreach (var candidate in new[] { await keys.FindAsync(userKey, cancellationToken), await keys.FindPendingAsync(userKey, cancellationToken) })
            {
                if (candidate is not null && TryOpen(sealedState, candidate, userKey) is { } reopened)
                {
                    return Replay(reopened, user, candidate);
                }
            }
        }
        catch (CryptographicException)
        {
            // Its master key is not in the ring: reported below like any row that does not open.
        }

        logger.StoredStateUnreadable(UserKeys.Digest(userKey));
        return null;
    }

    /// <summary>
    /// The journal on top of the row, entry by entry, with the key that opened the row (entries are
    /// written only between re-keyings). An entry that does not open ends the replay there: what
    /// follows a gap cannot be applied in order.
    /// </summary>
    private UserState? Replay(UserState state, StoredUser user, byte[]? dataKey)
    {
        foreach (var entry in user.Journal.Where(e => e.Sequence > state.JournalThrough).OrderBy(e => e.Sequence))
        {
            try
            {
                state = rules.Replay(state, journal.Open(entry, dataKey, user.UserKey)) with { JournalThrough = entry.Sequence };
            }
            catch (Exception exception) when (exception is CryptographicException or Orleans.Serialization.SerializerException or Orleans.Serialization.CodecNotFoundException or EndOfStreamException)
            {
                logger.StoredStateUnreadable(UserKeys.Digest(user.UserKey));
                return null;
            }
        }

        return state;
    }

    private UserState? TryOpen(SealedUserState sealedState, byte[] dataKey, string userKey)
    {
        try
        {
            return protector.Open(sealedState, dataKey, userKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The sealed payload of a row; false when the row is not even well-formed (a damaged disk, a hand edit).</summary>
    private static bool TryReadPayload(ReadOnlySpan<byte> json, out SealedUserState sealedState)
    {
        sealedState = new SealedUserState();
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.String)
            {
                sealedState = new SealedUserState { Payload = payload.GetBytesFromBase64() };
            }

            return true;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }
}
