using Orleans.Serialization;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>Seals a user's state with their data key before it is stored, and opens it again.</summary>
public sealed class UserStateProtector(Serializer<UserState> serializer)
{
    public SealedUserState Seal(UserState state, byte[] dataKey, string userKey) =>
        new() { Payload = Envelope.Seal(dataKey, serializer.SerializeToArray(state), Context(userKey)) };

    /// <summary>The state; throws a <see cref="System.Security.Cryptography.CryptographicException"/> for the wrong key or user.</summary>
    public UserState Open(SealedUserState sealedState, byte[] dataKey, string userKey)
    {
        ArgumentNullException.ThrowIfNull(sealedState);
        return sealedState.Payload is { Length: > 0 } payload
            ? serializer.Deserialize(Envelope.Open(dataKey, payload, Context(userKey))) ?? new UserState()
            : new UserState();
    }

    private static string Context(string userKey) => "user-state|" + userKey;
}
