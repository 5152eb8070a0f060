namespace OrleansPersonalization.Grains;

/// <summary>
/// What the store holds for a user: their <see cref="UserState"/>, encrypted with their own data key
/// (AES-256-GCM). Nothing about the user is readable from the row without that key.
/// </summary>
[GenerateSerializer, Alias("sealed-user-state")]
public sealed record SealedUserState
{
    [Id(0)] public byte[]? Payload { get; init; }
}
