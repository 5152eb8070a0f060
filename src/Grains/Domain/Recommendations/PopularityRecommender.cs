using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>Inputs for one recommendation: what the user grain holds, plus the shared views.</summary>
public sealed record RecommendationInput(
    CatalogSnapshot Catalog,
    PopularityModel Model,
    ImmutableArray<BehaviourEvent> Events,
    UserProfile Profile,
    bool PersonalizationGranted,
    int Count,
    string? Category,
    DateTimeOffset Now);

/// <summary>
/// Popular items in the categories the user cares about. A personalized score blends category
/// affinity from behaviour, declared interests and popularity; without consent (or with level
/// <c>off</c>) only popularity counts. Seen and unavailable items never appear, and an item is
/// only returned when at least one reason supports it.
/// </summary>
public static class PopularityRecommender
{
    private const double BehaviourWeight = 0.5;
    private const double InterestWeight = 0.3;
    private const double PopularityWeight = 0.2;

    public static bool IsPersonalized(bool personalizationGranted, UserProfile profile) =>
        personalizationGranted && profile?.PersonalizationLevel != PersonalizationLevel.Off;

    public static ImmutableArray<RecommendedItem> Recommend(RecommendationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var personalized = IsPersonalized(input.PersonalizationGranted, input.Profile);
        var seen = BehaviourLog.DistinctItems(input.Events);
        var taste = personalized && input.Profile.PersonalizationLevel == PersonalizationLevel.Full
            ? TasteProfile.From(input.Events, input.Catalog, input.Now)
            : TasteProfile.Empty;
        var interests = personalized ? input.Profile.Interests.ToHashSet(StringComparer.Ordinal) : [];

        var candidates = input.Catalog.Items.Values
            .Where(i => i.Available && !seen.Contains(i.ItemId))
            .Where(i => input.Category is null || i.Category == input.Category)
            .ToList();
        var maxCount = candidates.Select(i => input.Model.ItemCounts.GetValueOrDefault(i.ItemId)).DefaultIfEmpty(0).Max();

        var scored = new List<(RecommendedItem Item, long Count)>(candidates.Count);
        foreach (var item in candidates)
        {
            var count = input.Model.ItemCounts.GetValueOrDefault(item.ItemId);
            var popularity = maxCount > 0 ? (double)count / maxCount : 0;
            var reasons = ImmutableArray.CreateBuilder<RecommendationReason>(3);
            double score;
            if (personalized)
            {
                var affinity = taste.Affinity.GetValueOrDefault(item.Category);
                var interest = interests.Contains(item.Category) ? 1.0 : 0.0;
                score = (BehaviourWeight * affinity) + (InterestWeight * interest) + (PopularityWeight * popularity);
                if (affinity > 0)
                {
                    reasons.Add(new(RecommendationReason.SimilarTo, ItemId: taste.Anchors[item.Category]));
                }

                if (interest > 0)
                {
                    reasons.Add(new(RecommendationReason.MatchesInterest, Category: item.Category));
                }
            }
            else
            {
                score = popularity;
            }

            if (count > 0)
            {
                reasons.Add(new(RecommendationReason.Popular));
            }

            if (reasons.Count > 0)
            {
                scored.Add((new RecommendedItem(item.ItemId, Math.Round(score, 6), reasons.ToImmutable()), count));
            }
        }

        return
        [
            .. scored
                .OrderByDescending(s => s.Item.Score)
                .ThenByDescending(s => s.Count)
                .ThenBy(s => s.Item.ItemId, StringComparer.Ordinal)
                .Take(input.Count)
                .Select(s => s.Item),
        ];
    }

    /// <summary>Items of the same category as the given one, most popular first.</summary>
    public static ImmutableArray<RecommendedItem> Similar(CatalogSnapshot catalog, PopularityModel model, string itemId, int count)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        if (!catalog.Items.TryGetValue(itemId, out var anchor))
        {
            return [];
        }

        var sameCategory = catalog.Items.Values
            .Where(i => i.Available && i.ItemId != itemId && i.Category == anchor.Category)
            .Select(i => (i.ItemId, Count: model.ItemCounts.GetValueOrDefault(i.ItemId)))
            .ToList();
        var maxCount = Math.Max(1, sameCategory.Select(i => i.Count).DefaultIfEmpty(0).Max());
        return
        [
            .. sameCategory
                .OrderByDescending(i => i.Count)
                .ThenBy(i => i.ItemId, StringComparer.Ordinal)
                .Take(count)
                .Select(i => new RecommendedItem(
                    i.ItemId,
                    Math.Round(0.5 + (0.5 * i.Count / maxCount), 6),
                    [new RecommendationReason(RecommendationReason.SimilarTo, ItemId: itemId)])),
        ];
    }
}
