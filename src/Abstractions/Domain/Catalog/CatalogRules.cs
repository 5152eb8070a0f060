using System.Buffers;

namespace OrleansPersonalization.Domain.Catalog;

/// <summary>Syntax of catalog identifiers and labels, shared by the API and the seed.</summary>
public static class CatalogRules
{
    public const int MaxItemIdLength = 128;
    public const int MaxLabelLength = 64;
    public const int MaxTags = 20;

    private static readonly SearchValues<char> ItemIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    private static readonly SearchValues<char> LabelChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsValidItemId(string? itemId) =>
        !string.IsNullOrEmpty(itemId) && itemId.Length <= MaxItemIdLength && !itemId.AsSpan().ContainsAnyExcept(ItemIdChars);

    /// <summary>Categories and tags: lower-case words joined by hyphens.</summary>
    public static bool IsValidLabel(string? label) =>
        !string.IsNullOrEmpty(label) && label.Length <= MaxLabelLength && !label.AsSpan().ContainsAnyExcept(LabelChars);
}
