using System.Net;
using System.Text.Json.Nodes;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public abstract class RecommendationsApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task P8_personalized_recommendations_carry_reasons_and_skip_seen_and_unavailable_items()
    {
        var category = await NewCategory(6);
        await Admin.PutJson($"/v1/items/{category}-6", new { category, available = false }).ExpectJson(HttpStatusCode.OK);
        await Admin.DeleteAsync($"/v1/items/{category}-5");
        foreach (var other in new[] { 2, 3, 4, 5, 6 })
        {
            await Cooccur($"{category}-1", $"{category}-{other}");
        }

        await ModelServed();
        var user = NewUserId();
        await App.Grant(user);
        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);

        var answer = await App.GetAsync(Http.User(user) + $"/recommendations?count=100&category={category}").ExpectJson(HttpStatusCode.OK);

        Assert.True(answer["personalized"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(answer["modelVersion"]!.GetValue<string>()));
        var items = answer["items"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal([$"{category}-2", $"{category}-3", $"{category}-4"], items.Select(i => i["itemId"]!.GetValue<string>()).Order());
        Assert.All(items, i => Assert.NotEmpty(i["reasons"]!.AsArray()));
        Assert.All(items, i => Assert.Contains(i["reasons"]!.AsArray(), r => r!["kind"]!.GetValue<string>() == "similar-to" && r["itemId"]!.GetValue<string>() == $"{category}-1"));
        Assert.True(Score(items[0]) >= Score(items[^1]));
    }

    [Fact]
    public async Task Real_time_a_view_changes_the_next_recommendation()
    {
        var jazz = await NewCategory(3);
        var rock = await NewCategory(3);
        await MakePopular(rock, 1, 2);
        await Cooccur($"{jazz}-1", $"{jazz}-2");
        await ModelServed();
        var user = NewUserId();
        await App.Grant(user);
        var first = await App.GetAsync(Http.User(user) + "/recommendations?count=1").ExpectJson(HttpStatusCode.OK);

        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{jazz}-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        var next = await App.GetAsync(Http.User(user) + "/recommendations?count=1").ExpectJson(HttpStatusCode.OK);

        Assert.NotEqual(first["items"]![0]!["itemId"]!.GetValue<string>(), next["items"]![0]!["itemId"]!.GetValue<string>());
        Assert.Equal($"{jazz}-2", next["items"]![0]!["itemId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_consent_or_with_level_off_the_answer_is_popular_items()
    {
        var category = await NewCategory(2);
        await MakePopular(category, 1);
        await ModelServed();
        var stranger = NewUserId();
        var off = NewUserId();
        await App.Grant(off);
        await App.PutJson(Http.User(off) + "/profile", new { personalizationLevel = "off" }).ExpectJson(HttpStatusCode.OK);

        foreach (var user in new[] { stranger, off })
        {
            var answer = await App.GetAsync(Http.User(user) + "/recommendations").ExpectJson(HttpStatusCode.OK);
            Assert.False(answer["personalized"]!.GetValue<bool>());
            Assert.All(answer["items"]!.AsArray(), i => Assert.Equal("popular", Assert.Single(i!["reasons"]!.AsArray())!["kind"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Count_defaults_to_ten_and_is_bounded()
    {
        var category = await NewCategory(12);
        await MakePopular(category, Enumerable.Range(1, 12).ToArray());
        await ModelServed();

        var answer = await App.GetAsync(Http.User(NewUserId()) + $"/recommendations?category={category}").ExpectJson(HttpStatusCode.OK);

        Assert.Equal(10, answer["items"]!.AsArray().Count);
        await App.GetAsync(Http.User(NewUserId()) + "/recommendations?count=0").ExpectProblem(HttpStatusCode.BadRequest);
        await App.GetAsync(Http.User(NewUserId()) + "/recommendations?count=101").ExpectProblem(HttpStatusCode.BadRequest);
        await App.GetAsync(Http.User(NewUserId()) + "/recommendations?count=ten").ExpectProblem(HttpStatusCode.BadRequest);
        await App.GetAsync(Http.User(NewUserId()) + "/recommendations?category=unknown-category").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Similar_items_are_the_served_neighbours_and_unknown_items_are_404()
    {
        var category = await NewCategory(4);
        await Cooccur($"{category}-1", $"{category}-3");
        await Cooccur($"{category}-1", $"{category}-3");
        await Cooccur($"{category}-1", $"{category}-2");
        await Cooccur($"{category}-1", $"{category}-4");
        await ModelServed();

        var answer = await App.GetAsync($"/v1/items/{category}-1/similar?count=2").ExpectJson(HttpStatusCode.OK);

        Assert.Equal($"{category}-3", answer["items"]![0]!["itemId"]!.GetValue<string>());
        Assert.Equal(2, answer["items"]!.AsArray().Count);
        Assert.NotNull(answer["modelVersion"]);
        await App.GetAsync("/v1/items/no-such-item/similar").ExpectProblem(HttpStatusCode.NotFound);
    }

    /// <summary>Makes items popular the honest way: consenting users who interacted with them.</summary>
    private async Task MakePopular(string category, params int[] items)
    {
        for (var rank = 0; rank < items.Length; rank++)
        {
            for (var u = 0; u < items.Length - rank; u++)
            {
                var user = NewUserId();
                await App.Grant(user, personalization: true, modelTraining: true);
                await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-{items[rank]}", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            }
        }
    }

    private static double Score(JsonNode item) => item["score"]!.GetValue<double>();
}

public sealed class RecommendationsApiTestsOnSqlite(SqliteApiFixture fixture) : RecommendationsApiTests<SqliteApiFixture>(fixture);

public sealed class RecommendationsApiTestsOnPostgres(PostgresApiFixture fixture) : RecommendationsApiTests<PostgresApiFixture>(fixture);
