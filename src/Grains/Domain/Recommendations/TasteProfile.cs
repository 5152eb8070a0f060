using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>
/// A user's taste by category, derived from recent behaviour: the normalized affinity of each
/// category and the item that contributed most to it (the anchor a reason can point to).
/// </summary>
public sealed record TasteProfile(
    ImmutableSortedDictionary<string, double> Affinity,
    ImmutableSortedDictionary<string, string> Anchors)
{
    public static TasteProfile Empty { get; } = new(
        ImmutableSortedDictionary<string, double>.Empty, ImmutableSortedDictionary<string, string>.Empty);

    public static TasteProfile From(ImmutableArray<BehaviourEvent> events, CatalogSnapshot catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (events.IsDefaultOrEmpty)
        {
            return Empty;
        }

        var byCategory = new Dictionary<string, double>(StringComparer.Ordinal);
        var byItem = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!catalog.Items.TryGetValue(e.ItemId, out var item))
            {
                continue;
            }

            var weight = SignalWeights.Of(e, now);
            byCategory[item.Category] = byCategory.GetValueOrDefault(item.Category) + weight;
            byItem[e.ItemId] = byItem.GetValueOrDefault(e.ItemId) + weight;
        }

        var strongest = byCategory.Values.Where(v => v > 0).DefaultIfEmpty(0).Max();
        if (strongest <= 0)
        {
            return Empty;
        }

        var affinity = byCategory
            .Where(c => c.Value > 0)
            .ToImmutableSortedDictionary(c => c.Key, c => c.Value / strongest, StringComparer.Ordinal);
        var anchors = byItem
            .Where(i => i.Value > 0 && affinity.ContainsKey(catalog.Items[i.Key].Category))
            .GroupBy(i => catalog.Items[i.Key].Category, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(
                g => g.Key,
                g => g.OrderByDescending(i => i.Value).ThenBy(i => i.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);
        return new TasteProfile(affinity, anchors);
    }
}
