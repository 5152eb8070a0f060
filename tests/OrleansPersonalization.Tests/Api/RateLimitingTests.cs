using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>Abuse resistance: each key has its own budget; the excess gets 429 problem+json with Retry-After.</summary>
public class RateLimitingTests
{
    [Fact]
    public async Task A_key_over_its_budget_gets_429_with_retry_after_while_other_keys_go_on()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?>
        {
            ["RateLimiting:Burst"] = "5",
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:AnonymousBurst"] = "3",
            ["RateLimiting:AnonymousPermitsPerSecond"] = "1",
        });
        var app = factory.App();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await app.GetAsync(Http.User("limited@example.com") + "/consent");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.NotNull(rejected);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(rejected.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("rate-limited", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The second app key (a key being rotated in) and the admin key have budgets of their own.
        await factory.WithKey(ApiFactory.SecondAppKey).GetAsync(Http.User("limited@example.com") + "/consent").ExpectJson(HttpStatusCode.OK);
        await factory.Admin().GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);

        // Guessing keys is limited per client address.
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            guesses.Add((await factory.WithKey("guess-" + i).GetAsync(Http.User("x") + "/consent")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, guesses);
        Assert.Contains(HttpStatusCode.TooManyRequests, guesses);
    }
}
