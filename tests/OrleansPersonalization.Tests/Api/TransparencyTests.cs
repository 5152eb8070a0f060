using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public class TransparencyTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P8_the_privacy_notice_is_generated_from_the_running_configuration(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?>
        {
            ["Privacy:EventRetentionDays"] = "14",
            ["Privacy:MaxEventsPerUser"] = "50",
            ["Privacy:Recipients:0"] = "Hosting provider (processor)",
            ["Model:MinimumSupport"] = "7",
        });

        var notice = await factory.Anonymous().GetAsync("/v1/privacy/notice").ExpectJson(HttpStatusCode.OK);

        var purposes = notice["purposes"]!.AsArray().Select(p => p!["id"]!.GetValue<string>());
        Assert.Equal(["personalization", "modelTraining"], purposes);
        Assert.All(notice["purposes"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty(p!["legalBasis"]!.GetValue<string>())));
        Assert.Contains("14 days", notice["retention"]!["behaviour"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("50 events", notice["retention"]!["behaviour"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Hosting provider (processor)", notice["recipients"]![0]!.GetValue<string>());
        Assert.Equal(7, notice["sharedModel"]!["minimumContributors"]!.GetValue<int>());
        Assert.Contains("at least 7 distinct contributors", notice["sharedModel"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var profile = notice["dataCategories"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "profile")!;
        Assert.Equal(["ageBand", "country", "language", "interests", "personalizationLevel"], profile["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        // The configuration the notice states is the one the code enforces.
        var user = "notice-user";
        await factory.App().Grant(user).ExpectJson(HttpStatusCode.OK);
        var old = factory.Clock.GetUtcNow().AddDays(-15).ToString("O");
        var outcome = await factory.App().PostJson(Http.User(user) + "/events", new { itemId = "i", type = "view", at = old }).ExpectJson(HttpStatusCode.Accepted);
        Assert.False(outcome["recorded"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Health_reports_live_and_ready_and_answers_carry_protective_headers(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);

        using var ready = await factory.Anonymous().GetAsync("/health/ready");
        await factory.Anonymous().GetAsync("/health/live").ExpectJson(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("nosniff", ready.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", ready.Headers.CacheControl?.ToString());
        Assert.False(ready.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_embedded_default_seeds_a_demo_so_a_first_request_returns_recommendations(StoreKind kind)
    {
        using var store = new TestStore(kind);
        // At the k the product ships with: the demo must still recommend something on a first request.
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?>
        {
            ["Seed:Demo"] = "true",
            ["Model:MinimumSupport"] = new OrleansPersonalization.Domain.Model.ModelOptions().MinimumSupport.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        // The seed runs at start; the first answer already comes from a model that learned from it.
        var answer = await factory.App().GetAsync(Http.User("first-visitor") + "/recommendations").ExpectJson(HttpStatusCode.OK);
        for (var i = 0; i < 50 && answer["items"]!.AsArray().Count < 10; i++)
        {
            await Task.Delay(100);
            answer = await factory.App().GetAsync(Http.User("first-visitor") + "/recommendations").ExpectJson(HttpStatusCode.OK);
        }

        // The demo has enough people for the shipped minimum support: its users get items similar to what they used.
        var demoUser = await factory.App().GetAsync(Http.User("demo-user-01") + "/recommendations").ExpectJson(HttpStatusCode.OK);
        for (var i = 0; i < 50 && !HasSimilarTo(demoUser); i++)
        {
            await Task.Delay(100);
            demoUser = await factory.App().GetAsync(Http.User("demo-user-01") + "/recommendations").ExpectJson(HttpStatusCode.OK);
        }

        Assert.Equal(10, answer["items"]!.AsArray().Count);
        Assert.False(answer["personalized"]!.GetValue<bool>());
        Assert.True(demoUser["personalized"]!.GetValue<bool>());
        Assert.NotEmpty(demoUser["items"]!.AsArray());
        Assert.True(HasSimilarTo(demoUser), demoUser.ToJsonString());
    }

    private static bool HasSimilarTo(System.Text.Json.Nodes.JsonNode recommendations) =>
        recommendations["items"]!.AsArray().Any(item => item!["reasons"]!.AsArray().Any(r => r!["kind"]!.GetValue<string>() == "similar-to"));
}
