using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>P5's k through the public API, at the k the product ships with.</summary>
public class MinimumSupportApiTests
{
    private static readonly int K = new ModelOptions().MinimumSupport;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P5_a_rare_item_used_by_two_people_shows_nothing_of_what_they_also_used_until_k_people_share_it(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?>
        {
            ["Model:MinimumSupport"] = K.ToString(CultureInfo.InvariantCulture),
        });
        var app = factory.App();
        var category = "c" + Guid.NewGuid().ToString("N")[..12];
        var (common1, common2, rare, secret) = ($"{category}-common-1", $"{category}-common-2", $"{category}-rare", $"{category}-secret");
        foreach (var item in new[] { common1, common2, rare, secret })
        {
            await factory.Admin().PutJson($"/v1/items/{item}", new { category, available = true }).ExpectJson(HttpStatusCode.OK);
        }

        for (var i = 0; i < K; i++)
        {
            await Contribute(app, common1, common2);
        }

        // Two people used the rare item, and both also used something nobody else did.
        await Contribute(app, rare, secret, common1);
        await Contribute(app, rare, secret, common1);
        await ModelServed(factory);
        var visitor = "visitor-" + Guid.NewGuid().ToString("N");
        await app.Grant(visitor).ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User(visitor) + "/events", new { itemId = rare, type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);

        Assert.Empty(await Similar(app, rare));
        Assert.Equal([common2], await Similar(app, common1));
        var below = await Recommendations(app, visitor);
        Assert.Equal([common1, common2], below.Select(ItemId).Order(StringComparer.Ordinal));
        Assert.All(below, item => Assert.Equal(["popular"], item["reasons"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>())));
        Assert.Equal(K, (await factory.Admin().GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK))["minimumSupport"]!.GetValue<int>());

        // Once k people share the pair it is a neighbour relation like any other.
        for (var i = 2; i < K; i++)
        {
            await Contribute(app, rare, secret);
        }

        await ModelServed(factory);
        Assert.Contains(secret, await Similar(app, rare));
        var at = await Recommendations(app, visitor);
        var recommendedSecret = Assert.Single(at, item => ItemId(item) == secret);
        Assert.Contains(recommendedSecret["reasons"]!.AsArray(), r => r!["kind"]!.GetValue<string>() == "similar-to" && r["itemId"]!.GetValue<string>() == rare);
    }

    private static async Task Contribute(HttpClient app, params string[] items)
    {
        var user = "contributor-" + Guid.NewGuid().ToString("N");
        await app.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        foreach (var item in items)
        {
            await app.PostJson(Http.User(user) + "/events", new { itemId = item, type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        }
    }

    private static Task ModelServed(ApiFactory factory) => ServedModel.SettledOn(factory.Services);

    private static async Task<string[]> Similar(HttpClient app, string item) =>
        [.. (await app.GetAsync($"/v1/items/{item}/similar").ExpectJson(HttpStatusCode.OK))["items"]!.AsArray().Select(i => ItemId(i!))];

    private static async Task<JsonNode[]> Recommendations(HttpClient app, string user) =>
        [.. (await app.GetAsync(Http.User(user) + "/recommendations?count=20").ExpectJson(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!)];

    private static string ItemId(JsonNode item) => item["itemId"]!.GetValue<string>();
}
