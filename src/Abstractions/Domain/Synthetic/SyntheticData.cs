using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Domain.Synthetic;

/// <summary>Parameters of the synthetic data; the defaults make a small, fast data set.</summary>
public sealed record SyntheticOptions
{
    public int Items { get; init; } = 1_000;
    public int Categories { get; init; } = 20;
    public int Users { get; init; } = 2_000;

    /// <summary>Zipf exponent of item popularity: weight of the item of rank r is 1 / r^exponent.</summary>
    public double PopularityExponent { get; init; } = 1.0;

    public int MaxTastes { get; init; } = 3;
    public double MeanSessionsPerUser { get; init; } = 4;
    public double MeanEventsPerSession { get; init; } = 5;

    /// <summary>Chance that a session wanders into a random category instead of one of the user's tastes.</summary>
    public double Exploration { get; init; } = 0.1;

    public int Days { get; init; } = 28;
    public int Seed { get; init; } = 42;
}

/// <summary>One generated interaction, in the MovieLens u.data spirit (user, item, rating, time) plus its event type.</summary>
public sealed record Interaction(string UserId, string ItemId, EventType Type, double Rating, DateTimeOffset At);

/// <summary>
/// Synthetic interactions with a documented statistical model, for tests, benchmarks and the demo:
/// items belong to categories and have power-law (Zipf) popularity; each user has one to
/// <see cref="SyntheticOptions.MaxTastes"/> latent tastes (categories) with random weights; users
/// browse in sessions spread uniformly over the last <see cref="SyntheticOptions.Days"/> days, a
/// geometric number of them; each session picks a taste by weight (or explores a random category),
/// then a geometric number of items from that category in proportion to popularity. Event types
/// follow a purchase funnel (view 70 %, click 15 %, cart 8 %, purchase 5 %, rating 2 %).
/// The same options and seed always give the same data.
/// </summary>
public static class SyntheticData
{
    public static IReadOnlyList<CatalogItem> Catalog(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        return [.. Enumerable.Range(0, options.Items).Select(i => new CatalogItem(ItemId(i), CategoryName(random.Next(options.Categories)), [], true))];
    }

    public static IEnumerable<Interaction> Interactions(SyntheticOptions options, IReadOnlyList<CatalogItem> catalog, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var random = new Random(options.Seed + 1);

        // Popularity rank is a random permutation, so popularity is independent of category.
        var ranks = Enumerable.Range(1, catalog.Count).OrderBy(_ => random.Next()).ToArray();
        var byCategory = catalog
            .Select((item, i) => (item, weight: 1.0 / Math.Pow(ranks[i], options.PopularityExponent)))
            .GroupBy(x => x.item.Category, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new WeightedPicker<string>(g.Select(x => (x.item.ItemId, x.weight))), StringComparer.Ordinal);
        var categories = byCategory.Keys.Order(StringComparer.Ordinal).ToArray();

        for (var u = 0; u < options.Users; u++)
        {
            var tastes = new WeightedPicker<string>(categories
                .OrderBy(_ => random.Next())
                .Take(random.Next(1, options.MaxTastes + 1))
                .Select(c => (c, -Math.Log(1 - random.NextDouble()))));
            var sessions = Geometric(random, options.MeanSessionsPerUser);
            for (var s = 0; s < sessions; s++)
            {
                var at = end - TimeSpan.FromMinutes(random.NextDouble() * options.Days * 24 * 60);
                var category = random.NextDouble() < options.Exploration ? categories[random.Next(categories.Length)] : tastes.Pick(random);
                var events = Geometric(random, options.MeanEventsPerSession);
                for (var e = 0; e < events; e++)
                {
                    var type = Funnel(random);
                    var rating = type == EventType.Rating ? random.Next(6, 11) / 2.0 : RatingOf(type);
                    yield return new Interaction(UserId(u), byCategory[category].Pick(random), type, rating, at > end ? end : at);
                    at += TimeSpan.FromSeconds(random.Next(10, 300));
                }
            }
        }
    }

    public static string ItemId(int index) => $"i{index + 1}";
    public static string UserId(int index) => $"u{index + 1}";
    public static string CategoryName(int index) => $"category-{index + 1}";

    /// <summary>The implicit rating a MovieLens-style file gets for an event type.</summary>
    public static double RatingOf(EventType type) => type switch
    {
        EventType.Purchase => 5,
        EventType.AddToCart => 4,
        EventType.Click => 3,
        _ => 2,
    };

    private static EventType Funnel(Random random) => random.NextDouble() switch
    {
        < 0.70 => EventType.View,
        < 0.85 => EventType.Click,
        < 0.93 => EventType.AddToCart,
        < 0.98 => EventType.Purchase,
        _ => EventType.Rating,
    };

    private static int Geometric(Random random, double mean)
    {
        var p = 1.0 / Math.Max(1.0, mean);
        return 1 + (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - Math.Min(p, 0.999999)));
    }

    private sealed class WeightedPicker<T>
    {
        private readonly T[] _values;
        private readonly double[] _cumulative;

        public WeightedPicker(IEnumerable<(T Value, double Weight)> entries)
        {
            var list = entries.ToList();
            _values = [.. list.Select(e => e.Value)];
            _cumulative = new double[list.Count];
            var sum = 0.0;
            for (var i = 0; i < list.Count; i++)
            {
                sum += list[i].Weight;
                _cumulative[i] = sum;
            }
        }

        public T Pick(Random random)
        {
            var target = random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, target);
            return _values[Math.Min(index < 0 ? ~index : index, _values.Length - 1)];
        }
    }
}
