using System.Text.Json.Serialization;

namespace OrleansPersonalization.Grains;

/// <summary>
/// What the store holds for a user: their <see cref="UserState"/>, encrypted with their own data key
/// (AES-256-GCM). Nothing about the user is readable from the row without that key.
/// </summary>
[GenerateSerializer, Alias("sealed-user-state")]
public sealed record SealedUserState
{
    [Id(0)] public byte[]? Payload { get; init; }

    /// <summary>
    /// Set by the store (never stored) when the row exists but is not even well-formed: the grain
    /// still activates, refuses to read or overwrite it, and can erase it.
    /// </summary>
    [Id(1), JsonIgnore] public bool Damaged { get; init; }

    public static SealedUserState DamagedRow { get; } = new() { Damaged = true };
}
