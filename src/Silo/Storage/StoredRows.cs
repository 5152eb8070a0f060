using System.Text.Json;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Silo.Storage;

/// <summary>
/// Turns a stored row back into grain state. A user row that is not well-formed JSON (a damaged
/// disk, a flipped byte, a hand-edited row) becomes <see cref="SealedUserState.DamagedRow"/>
/// instead of an exception, because an exception here fails every activation of that user and
/// so would make their erasure impossible. Other state types have no such fallback.
/// </summary>
public static class StoredRows
{
    public static T Deserialize<T>(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, GrainStateJson.Options)!;
        }
        catch (Exception exception) when (typeof(T) == typeof(SealedUserState) && exception is JsonException or FormatException or InvalidOperationException)
        {
            return (T)(object)SealedUserState.DamagedRow;
        }
    }
}
