using System.Net;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// Cross-origin access exists for the privacy centre embedded in an application's pages: only for the
/// origins an operator lists, only on the endpoints a user token may call and the notice, never with
/// credentials, and never for administration.
/// </summary>
public class CorsTests
{
    private const string Shop = "https://shop.example";

    [Theory]
    [InlineData("/v1/users/someone/consent", "PUT")]
    [InlineData("/v1/users/someone/data", "GET")]
    [InlineData("/v1/users/someone", "DELETE")]
    [InlineData("/v1/privacy/notice", "GET")]
    public async Task A_listed_origin_may_call_the_privacy_centres_endpoints(string path, string method)
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = Factory(store);

        using var preflight = await Preflight(factory, path, Shop, method);

        Assert.True(preflight.IsSuccessStatusCode, $"preflight answered {preflight.StatusCode}");
        Assert.Equal(Shop, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/v1/users/someone/consent", "https://evil.example", "GET")]
    [InlineData("/v1/users/someone/consent", "null", "PUT")]
    [InlineData("/v1/admin/model", Shop, "GET")]
    [InlineData("/v1/admin/erasures", Shop, "POST")]
    [InlineData("/admin/api/model", Shop, "GET")]
    [InlineData("/v1/events", Shop, "POST")]
    [InlineData("/v1/users/someone/recommendations", Shop, "GET")]
    public async Task Any_other_origin_or_endpoint_gets_no_cross_origin_access(string path, string origin, string method)
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = Factory(store);

        using var preflight = await Preflight(factory, path, origin, method);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Origin", origin);
        using var actual = await factory.Admin().SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(actual.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_listed_origin_may_not_send_an_api_key_across_origins()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = Factory(store);
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/users/someone/consent");
        request.Headers.Add("Origin", Shop);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key");

        using var preflight = await factory.Anonymous().SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Headers") && preflight.Headers.GetValues("Access-Control-Allow-Headers").Single().Contains("x-api-key", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("https://shop.example/")]
    [InlineData("https://shop.example/settings")]
    [InlineData("shop.example")]
    [InlineData("ftp://shop.example")]
    public async Task An_origin_setting_that_is_not_an_origin_stops_the_start(string origin)
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?> { [CorsSetup.OriginsSetting + ":0"] = origin });

        var refused = Assert.Throws<InvalidOperationException>(() => factory.Anonymous());

        Assert.Contains(CorsSetup.OriginsSetting, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_listed_origins_nothing_is_allowed_across_origins()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);

        using var preflight = await Preflight(factory, "/v1/users/someone/consent", Shop, "PUT");

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static ApiFactory Factory(TestStore store) =>
        new(store, settings: new Dictionary<string, string?> { [CorsSetup.OriginsSetting + ":0"] = Shop });

    private static Task<HttpResponseMessage> Preflight(ApiFactory factory, string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return factory.Anonymous().SendAsync(request);
    }
}
