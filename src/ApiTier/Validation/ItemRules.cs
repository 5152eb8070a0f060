using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Api.Validation;

/// <summary>The rules of a catalog item in a request, the same for a single PUT and a batch.</summary>
public static class ItemRules
{
    public const string ItemIdRule = "Must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.";

    /// <summary>The item, or null with the reasons added to <paramref name="errors"/> under <paramref name="prefix"/>.</summary>
    public static CatalogItem? Validate(string? itemId, string? category, List<string>? tags, bool? available, string prefix, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var valid = true;
        if (!CatalogRules.IsValidItemId(itemId))
        {
            errors[prefix + "itemId"] = [ItemIdRule];
            valid = false;
        }

        if (!CatalogRules.IsValidLabel(category))
        {
            errors[prefix + "category"] = ["Required: 1 to 64 characters of lower-case letters, digits and '-'."];
            valid = false;
        }

        tags ??= [];
        if (tags.Count > CatalogRules.MaxTags || tags.Any(t => !CatalogRules.IsValidLabel(t)) || tags.Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            errors[prefix + "tags"] = [$"At most {CatalogRules.MaxTags} distinct tags of lower-case letters, digits and '-'."];
            valid = false;
        }

        return valid ? new CatalogItem(itemId!, category!, [.. tags], available ?? true) : null;
    }
}
