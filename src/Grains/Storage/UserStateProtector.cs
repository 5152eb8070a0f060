using Orleans.Serialization;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>
/// Seals a user's state with their data key before it is stored, and opens it again. Without a key
/// (encryption at rest switched off, for measuring its cost only) the state is stored behind a
/// plaintext marker byte, which no sealed payload starts with.
/// </summary>
public sealed class UserStateProtector(Serializer<UserState> serializer)
{
    private const byte Plaintext = 0;

    public SealedUserState Seal(UserState state, byte[]? dataKey, string userKey)
    {
        var bytes = serializer.SerializeToArray(state);
        return new()
        {
            Payload = dataKey is null ? [Plaintext, .. bytes] : Envelope.Seal(dataKey, bytes, Context(userKey)),
        };
    }

    /// <summary>True when opening the state needs the user's data key.</summary>
    public static bool NeedsKey(SealedUserState sealedState) =>
        sealedState?.Payload is { Length: > 0 } payload && payload[0] != Plaintext;

    /// <summary>The state; throws a <see cref="System.Security.Cryptography.CryptographicException"/> for the wrong key or user.</summary>
    public UserState Open(SealedUserState sealedState, byte[]? dataKey, string userKey)
    {
        ArgumentNullException.ThrowIfNull(sealedState);
        if (sealedState.Payload is not { Length: > 0 } payload)
        {
            return new UserState();
        }

        var bytes = payload[0] == Plaintext
            ? payload[1..]
            : Envelope.Open(dataKey ?? throw new System.Security.Cryptography.CryptographicException("The state is sealed and no key was given."), payload, Context(userKey));
        return serializer.Deserialize(bytes) ?? new UserState();
    }

    private static string Context(string userKey) => "user-state|" + userKey;
}
