using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Domain.Synthetic;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>Section <c>Seed</c>: demo data for the embedded default.</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public bool Demo { get; set; }
    // Enough people that most item pairs pass the model's minimum support (k = 5): with 40 the demo showed only popular items.
    public int DemoUsers { get; set; } = 200;
}

/// <summary>
/// On the first start of an empty system, adds a small generated catalog (60 items in 6 categories)
/// and synthetic demo users (<c>demo-user-01</c>, ...) who consented and browsed, so the first
/// recommendation request already returns items. Their consent is recorded with source
/// <c>demo-seed</c>, like any other.
/// </summary>
public sealed class DemoSeeder(
    IGrainFactory grains,
    UserPseudonymizer pseudonymizer,
    IOptions<SeedOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<DemoSeeder> logger) : IHostedService
{
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

        // The same generator as the tests and benchmarks, small: a fixed seed keeps the demo identical everywhere.
        var synthetic = new SyntheticOptions { Items = 60, Categories = 6, Users = options.Value.DemoUsers, Seed = 2026, Days = 7 };
        var items = SyntheticData.Catalog(synthetic);
        foreach (var item in items)
        {
            await catalog.Upsert(item, ActorRoles.System);
        }

        var interactions = SyntheticData.Interactions(synthetic, items, clock.GetUtcNow()).GroupBy(i => i.UserId, StringComparer.Ordinal);
        var users = 0;
        foreach (var history in interactions)
        {
            var user = grains.Reference<IUserGrain>(pseudonymizer.KeyFor(DemoUserId(history.Key)));
            await user.SetConsent(new ConsentCommand(
                ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new(Purposes.Personalization, true), new KeyValuePair<string, bool>(Purposes.ModelTraining, true)]),
                "demo",
                "demo-seed",
                ActorRoles.System));
            await user.RecordEvents([.. history.Select(i => new BehaviourEvent(i.ItemId, i.Type, i.At, i.Type == EventType.Rating ? i.Rating : null))]);
            users++;
        }

        logger.DemoSeeded(items.Count, users);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Generated user <c>u7</c> becomes <c>demo-user-07</c>.</summary>
    private static string DemoUserId(string generated) =>
        string.Create(CultureInfo.InvariantCulture, $"demo-user-{int.Parse(generated.AsSpan(1), CultureInfo.InvariantCulture):00}");
}
