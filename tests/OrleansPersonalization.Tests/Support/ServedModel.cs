using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>P5 at grain level: what every silo serves against a model built from scratch over the store.</summary>
public static class ServedModel
{
    /// <summary>
    /// Waits up to 5 s until each silo's served snapshot equals a model built from scratch over the
    /// stored contributions with the silos' own options (k included). Returns the from-scratch
    /// statistics, so a caller can check the raw counts behind what is served.
    /// </summary>
    public static async Task<CooccurrenceStatistics> AssertEverySiloServesARebuild(ClusterFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var statistics = new CooccurrenceStatistics();
        await foreach (var (userKey, items) in fixture.SiloService<IUserDirectory>().ContributionsAsync())
        {
            statistics.SetContribution(userKey, items);
        }

        var expected = ModelSnapshot.From(statistics, fixture.SiloService<IOptions<ModelOptions>>().Value, "rebuild", default);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            var cache = fixture.SiloService<ModelSnapshotCache>(silo);
            while (!ModelEquals(expected, cache.Current) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            ModelAssert.Equal(expected, cache.Current);
        }

        return statistics;
    }

    private static bool ModelEquals(ModelSnapshot expected, ModelSnapshot actual)
    {
        try
        {
            ModelAssert.Equal(expected, actual);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }
}
