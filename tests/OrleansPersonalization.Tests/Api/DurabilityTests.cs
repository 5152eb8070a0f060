using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>P7 and P3 across a restart of the process: a second host on the same data folder.</summary>
public class DurabilityTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P7_consent_profile_and_behaviour_survive_a_restart_and_erased_users_stay_gone(StoreKind kind)
    {
        using var store = new TestStore(kind);
        const string kept = "kept@example.com", erased = "erased@example.com";
        string keptConsent, keptProfile, keptEvents;
        await using (var first = new ApiFactory(store))
        {
            var app = first.App();
            await first.Admin().PutJson("/v1/items/d-1", new { category = "jazz" }).ExpectJson(HttpStatusCode.OK);
            await app.Grant(kept, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await app.PutJson(Http.User(kept) + "/profile", new { country = "NL", interests = new[] { "jazz" } }).ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(kept) + "/events", new { itemId = "d-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
            await app.Grant(erased).ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(erased) + "/events", new { itemId = "d-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            await app.DeleteAsync(Http.User(erased)).ExpectJson(HttpStatusCode.OK);
            keptConsent = (await app.GetAsync(Http.User(kept) + "/consent").ExpectJson(HttpStatusCode.OK)).ToJsonString();
            keptProfile = (await app.GetAsync(Http.User(kept) + "/profile").ExpectJson(HttpStatusCode.OK)).ToJsonString();
            keptEvents = (await app.GetAsync(Http.User(kept) + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.ToJsonString();
        }

        await using var second = new ApiFactory(store);
        var again = second.App();

        Assert.Equal(keptConsent, (await again.GetAsync(Http.User(kept) + "/consent").ExpectJson(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(keptProfile, (await again.GetAsync(Http.User(kept) + "/profile").ExpectJson(HttpStatusCode.OK)).ToJsonString());
        var export = await again.GetAsync(Http.User(kept) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(keptEvents, export["events"]!.ToJsonString());
        Assert.Equal(["d-1"], export["modelContributions"]!["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        var model = await second.Admin().GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(1, model["contributors"]!.GetValue<long>());

        var gone = await again.GetAsync(Http.User(erased) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(gone["consent"]!["history"]!.AsArray());
        Assert.Empty(gone["events"]!.AsArray());
        Assert.False(gone["consent"]!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P3_behaviour_of_a_user_who_never_comes_back_is_removed_after_the_retention_period(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var start = DateTimeOffset.UtcNow;
        string key;
        await using (var first = new ApiFactory(store, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start)))
        {
            var app = first.App();
            await app.Grant("leaver", personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User("leaver") + "/events", new { itemId = "r-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            key = first.Services.GetRequiredService<OrleansPersonalization.Domain.Pseudonymization.UserPseudonymizer>().KeyFor("leaver");
            Assert.Contains("r-1", await Row(first, key));
        }

        // A month later the process starts again; the user never returns.
        await using var later = new ApiFactory(store, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start.AddDays(31)));
        // The sweep also runs by itself at start-up; running it here makes sure it has finished.
        await later.Services.GetRequiredService<OrleansPersonalization.Silo.Retention.RetentionSweeper>().SweepOnceAsync();

        Assert.DoesNotContain("r-1", await Row(later, key));
        Assert.Equal(0, later.Inspector.RetentionEntries(key));
        var model = await later.Admin().GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0, model["interactions"]!.GetValue<long>());
    }

    private static async Task<string> Row(ApiFactory factory, string key) =>
        await StoredStates.ReadAsync(factory.Services, key) ?? throw new InvalidOperationException("The user's row is missing.");
}
