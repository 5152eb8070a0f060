using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// Tokens scoped to one user, for the privacy centre in a browser: obtained only with an app key,
/// good for that user's consent, profile, export and erasure and nothing else, never for another
/// user, and worthless once expired, altered or signed by another installation.
/// </summary>
public class UserTokenTests
{
    private const string Ann = "ann@example.com";
    private const string Bob = "bob@example.com";

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_token_for_one_user_can_never_read_or_change_another(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        await factory.App().Grant(Ann).ExpectJson(HttpStatusCode.OK);
        await factory.App().Grant(Bob, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        var token = await TokenFor(factory, Ann);
        using var ann = WithToken(factory, token);

        // Ann's own data, as the privacy centre uses it.
        await ann.GetAsync(Http.User(Ann) + "/consent").ExpectJson(HttpStatusCode.OK);
        await ann.PutJson(Http.User(Ann) + "/consent", new { purposes = new { modelTraining = true }, policyVersion = "2026-11", source = "privacy-centre" }).ExpectJson(HttpStatusCode.OK);
        await ann.GetAsync(Http.User(Ann) + "/data").ExpectJson(HttpStatusCode.OK);
        await ann.GetAsync(Http.User(Ann) + "/profile").ExpectJson(HttpStatusCode.OK);

        // Bob's data, through Ann's token: every way in is forbidden.
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => ann.GetAsync(Http.User(Bob) + "/consent"),
            () => ann.PutJson(Http.User(Bob) + "/consent", new { purposes = new { modelTraining = false }, policyVersion = "2026-11" }),
            () => ann.GetAsync(Http.User(Bob) + "/data"),
            () => ann.DeleteAsync(Http.User(Bob)),
            () => ann.PutJson(Http.User(Bob) + "/profile", new { personalizationLevel = "basic" }),
        })
        {
            await request().ExpectJson(HttpStatusCode.Forbidden);
        }

        // Bob is untouched.
        var bob = await factory.App().GetAsync(Http.User(Bob) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.True(bob["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>());
        await factory.App().GetAsync(Http.User(Bob) + "/data").ExpectJson(HttpStatusCode.OK);

        // Only the privacy centre's endpoints: not recommendations, events, bulk, catalog, admin or new tokens.
        await ann.GetAsync(Http.User(Ann) + "/recommendations").ExpectJson(HttpStatusCode.Forbidden);
        await ann.PostJson(Http.User(Ann) + "/events", new { itemId = "i1", type = "view" }).ExpectJson(HttpStatusCode.Forbidden);
        await ann.PostJson("/v1/events", new { events = new[] { new { userId = Ann, itemId = "i1", type = "view" } } }).ExpectJson(HttpStatusCode.Forbidden);
        await ann.PostJson(Http.User(Ann) + "/token", new { }).ExpectJson(HttpStatusCode.Forbidden);
        await ann.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.Forbidden);
        await ann.PutJson("/v1/items/i1", new { category = "jazz", tags = Array.Empty<string>(), available = true }).ExpectJson(HttpStatusCode.Forbidden);

        // And erasure, the last thing the centre offers.
        await ann.DeleteAsync(Http.User(Ann)).ExpectJson(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Expired_altered_or_foreign_tokens_are_refused(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?> { ["UserTokens:LifetimeSeconds"] = "60" });
        await factory.App().Grant(Ann).ExpectJson(HttpStatusCode.OK);
        var token = await TokenFor(factory, Ann);

        // Altered: the payload names Bob, the signature is Ann's.
        var parts = token["opt1.".Length..].Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(parts[0].Replace('-', '+').Replace('_', '/') + new string('=', (4 - (parts[0].Length % 4)) % 4)));
        var forged = "opt1." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace("\"sub\":\"", "\"sub\":\"0", StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[1];
        foreach (var bad in new[] { forged, token + "x", token[..^2], "opt1.e30.AAAA", "not-a-token", token.Replace("opt1.", "opt2.", StringComparison.Ordinal) })
        {
            using var client = WithToken(factory, bad);
            await client.GetAsync(Http.User(Ann) + "/consent").ExpectJson(HttpStatusCode.Unauthorized);
        }

        // Signed by another installation (another pseudonymization secret).
        using (var otherStore = new TestStore(kind))
        {
            await using var other = new ApiFactory(otherStore, settings: new Dictionary<string, string?> { ["Pseudonymization:Secret"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()) });
            var foreign = await TokenFor(other, Ann);
            using var client = WithToken(factory, foreign);
            await client.GetAsync(Http.User(Ann) + "/consent").ExpectJson(HttpStatusCode.Unauthorized);
        }

        using var valid = WithToken(factory, token);
        await valid.GetAsync(Http.User(Ann) + "/consent").ExpectJson(HttpStatusCode.OK);
        factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await valid.GetAsync(Http.User(Ann) + "/consent").ExpectJson(HttpStatusCode.Unauthorized);

        // An API key decides when a request carries one, whatever Authorization header comes with it.
        using (var both = factory.App())
        {
            both.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "cHJveHk6cGFzcw==");
            await both.GetAsync(Http.User(Bob) + "/consent").ExpectJson(HttpStatusCode.OK);
        }

        // Only an app key obtains one.
        await factory.Admin().PostJson(Http.User(Ann) + "/token", new { }).ExpectJson(HttpStatusCode.Forbidden);
        await factory.Anonymous().PostJson(Http.User(Ann) + "/token", new { }).ExpectJson(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> TokenFor(ApiFactory factory, string user)
    {
        var issued = await factory.App().PostJson(Http.User(user) + "/token", new { }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("privacy-centre", issued["audience"]!.GetValue<string>());
        Assert.True(issued["expiresAt"]!.GetValue<DateTimeOffset>() > factory.Clock.GetUtcNow());
        var token = issued["token"]!.GetValue<string>();
        Assert.DoesNotContain(user, token, StringComparison.OrdinalIgnoreCase);
        return token;
    }

    private static HttpClient WithToken(ApiFactory factory, string token)
    {
        var client = factory.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
