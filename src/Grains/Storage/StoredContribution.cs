using System.Collections.Immutable;
using System.Text.Json;

namespace OrleansPersonalization.Storage;

/// <summary>Reads the contribution out of a stored user-state payload without materializing the whole state.</summary>
public static class StoredContribution
{
    public static ImmutableSortedSet<string> Read(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.TryGetProperty("contributedItems", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Select(i => i.GetString()!).ToImmutableSortedSet(StringComparer.Ordinal)
            : [];
    }
}
