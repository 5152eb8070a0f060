using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Benchmarks;

/// <summary>Generated users loaded through the grains: the catalog, each user's history, and their pseudonymous keys.</summary>
internal sealed record BenchmarkLoad(
    IReadOnlyList<CatalogItem> Catalog,
    IReadOnlyList<(string Id, ImmutableArray<BehaviourEvent> Events)> Histories,
    string[] Keys)
{
    /// <summary>Generates the catalog and behaviour and loads them, every user consenting to both purposes.</summary>
    public static async Task<BenchmarkLoad> IntoAsync(BenchmarkHost host, int users, int items, int categories, int eventsPerUser)
    {
        ArgumentNullException.ThrowIfNull(host);
        var grains = host.Grains;
        var pseudonymizer = host.App.Services.GetRequiredService<UserPseudonymizer>();
        var synthetic = new SyntheticOptions { Users = users, Items = items, Categories = categories, MeanSessionsPerUser = eventsPerUser / 5.0, MeanEventsPerSession = 5, Seed = 1 };
        var catalog = SyntheticData.Catalog(synthetic);
        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertMany([.. catalog], ActorRoles.System);
        var histories = SyntheticData.Interactions(synthetic, catalog, DateTimeOffset.UtcNow)
            .GroupBy(i => i.UserId)
            .Select(g => (Id: "bench-" + g.Key, Events: g.Take(eventsPerUser).Select(i => new BehaviourEvent(i.ItemId, i.Type, i.At, i.Type == EventType.Rating ? i.Rating : null)).ToImmutableArray()))
            .ToList();
        var consent = new ConsentCommand(
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(Purposes.Personalization, true), KeyValuePair.Create(Purposes.ModelTraining, true)]),
            "bench", "benchmark", ActorRoles.System);
        await Parallel.ForEachAsync(histories, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
        {
            var grain = grains.GetGrain<IUserGrain>(pseudonymizer.KeyFor(user.Id));
            await grain.SetConsent(consent);
            await grain.RecordEvents(user.Events);
        });
        return new BenchmarkLoad(catalog, histories, [.. histories.Select(h => pseudonymizer.KeyFor(h.Id))]);
    }
}
