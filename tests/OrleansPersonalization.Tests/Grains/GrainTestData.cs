using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Consent;

namespace OrleansPersonalization.Tests.Grains;

internal static class GrainTestData
{
    /// <summary>A fresh pseudonymous key; grain tests work below the HMAC, on keys directly.</summary>
    public static string NewUserKey() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    public static ConsentCommand Consent(bool personalization, bool? modelTraining = null)
    {
        var purposes = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        purposes[Purposes.Personalization] = personalization;
        if (modelTraining is { } training)
        {
            purposes[Purposes.ModelTraining] = training;
        }

        return new ConsentCommand(purposes.ToImmutable(), "2026-11", "test", ActorRoles.App);
    }

    public static BehaviourEvent View(string itemId, DateTimeOffset at) => new(itemId, EventType.View, at);

    public static async Task SeedCatalog(IGrainFactory grains, params (string Id, string Category)[] items)
    {
        var catalog = grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        foreach (var (id, category) in items)
        {
            await catalog.Upsert(new CatalogItem(id, category, [], true), ActorRoles.Admin);
        }
    }
}
