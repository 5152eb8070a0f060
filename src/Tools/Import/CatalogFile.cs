using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Tools.Import;

/// <summary>
/// A catalog CSV with a header: <c>itemId,category[,tags][,available]</c>, tags separated by <c>;</c>.
/// Rows are checked with the catalog's own rules; a bad row is skipped with its reason, because the
/// batch endpoint takes a batch all or nothing.
/// </summary>
public static class CatalogFile
{
    public static IEnumerable<CatalogRow> Read(TextReader reader, SkipReasons skipped)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(skipped);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader())
        {
            yield break;
        }

        var header = csv.HeaderRecord ?? [];
        if (!header.Contains("itemId", StringComparer.Ordinal) || !header.Contains("category", StringComparer.Ordinal))
        {
            throw new FormatException("The catalog's header must name the columns itemId and category (tags and available are optional).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var itemId = csv.GetField("itemId");
            var category = csv.GetField("category")?.ToLowerInvariant();
            var tags = (header.Contains("tags", StringComparer.Ordinal) ? csv.GetField("tags") : null)?
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList() ?? [];
            var availableText = header.Contains("available", StringComparer.Ordinal) ? csv.GetField("available") : null;
            if (!CatalogRules.IsValidItemId(itemId))
            {
                skipped.Add("catalog: invalid item id");
            }
            else if (!CatalogRules.IsValidLabel(category))
            {
                skipped.Add("catalog: invalid category");
            }
            else if (tags.Count > CatalogRules.MaxTags || tags.Any(t => !CatalogRules.IsValidLabel(t)))
            {
                skipped.Add("catalog: invalid tags");
            }
            else if (availableText is { Length: > 0 } && !bool.TryParse(availableText, out _))
            {
                skipped.Add("catalog: available is not true or false");
            }
            else if (!seen.Add(itemId!))
            {
                skipped.Add("catalog: repeated item id");
            }
            else
            {
                yield return new CatalogRow(itemId!, category!, tags, availableText is not { Length: > 0 } || bool.Parse(availableText));
            }
        }
    }
}
