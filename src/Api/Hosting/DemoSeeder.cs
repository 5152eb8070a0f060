using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>Section <c>Seed</c>: demo data for the embedded default.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public bool Demo { get; set; }
    public int DemoUsers { get; set; } = 40;
}

/// <summary>
/// On the first start of an empty system, adds a small catalog and synthetic demo users
/// (<c>demo-user-01</c>, ...) who consented and browsed, so the first recommendation request already
/// returns items. Their consent is recorded with source <c>demo-seed</c>, like any other.
/// </summary>
public sealed class DemoSeeder(
    IGrainFactory grains,
    UserPseudonymizer pseudonymizer,
    IOptions<SeedOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public static IReadOnlyList<string> Categories { get; } = ["jazz", "rock", "classical", "electronic", "hip-hop", "folk"];
    public const int ItemsPerCategory = 8;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo)
        {
            return;
        }

        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        if ((await catalog.GetSnapshot()).Items.Count > 0)
        {
            return;
        }

        var items = Categories
            .SelectMany(c => Enumerable.Range(1, ItemsPerCategory).Select(i => new CatalogItem(ItemId(c, i), c, ["demo"], true)))
            .ToList();
        foreach (var item in items)
        {
            await catalog.Upsert(item, ActorRoles.System);
        }

        // A fixed seed keeps the demo identical on every machine.
        var random = new Random(2026);
        var now = clock.GetUtcNow();
        var users = options.Value.DemoUsers;
        for (var u = 1; u <= users; u++)
        {
            var user = grains.GetGrain<IUserGrain>(pseudonymizer.KeyFor(string.Create(CultureInfo.InvariantCulture, $"demo-user-{u:00}")));
            await user.SetConsent(new ConsentCommand(
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new(Purposes.Personalization, true), new KeyValuePair<string, bool>(Purposes.ModelTraining, true)]),
                "demo",
                "demo-seed",
                ActorRoles.System));
            await user.RecordEvents([.. DemoEvents(random, now)]);
        }

        logger.DemoSeeded(items.Count, users);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string ItemId(string category, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{category}-{index:00}");

    /// <summary>Two favourite categories per user; within a category, low item numbers are the popular ones.</summary>
    private static IEnumerable<BehaviourEvent> DemoEvents(Random random, DateTimeOffset now)
    {
        var favourites = Categories.OrderBy(_ => random.Next()).Take(2).ToArray();
        var count = random.Next(6, 14);
        for (var i = 0; i < count; i++)
        {
            var category = random.NextDouble() < 0.85 ? favourites[random.Next(2)] : Categories[random.Next(Categories.Count)];
            var index = 1 + (int)(ItemsPerCategory * Math.Pow(random.NextDouble(), 2));
            var type = random.NextDouble() switch
            {
                < 0.6 => EventType.View,
                < 0.8 => EventType.Click,
                < 0.9 => EventType.AddToCart,
                _ => EventType.Purchase,
            };
            yield return new BehaviourEvent(ItemId(category, index), type, now - TimeSpan.FromMinutes(random.Next(1, 7 * 24 * 60)));
        }
    }
}
