using System.Net;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public abstract class ProfileApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task A_consenting_user_stores_and_reads_a_minimized_profile()
    {
        var user = NewUserId();
        var category = await NewCategory(1);
        await App.Grant(user);
        var body = new { ageBand = "25-34", country = "DE", language = "de", interests = new[] { category }, personalizationLevel = "basic" };

        var stored = await App.PutJson(Http.User(user) + "/profile", body).ExpectJson(HttpStatusCode.OK);
        var read = await App.GetAsync(Http.User(user) + "/profile").ExpectJson(HttpStatusCode.OK);

        Assert.Equal(stored.ToJsonString(), read.ToJsonString());
        Assert.Equal("DE", read["country"]!.GetValue<string>());
        Assert.Equal(category, read["interests"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_personalization_consent_no_profile_is_stored()
    {
        var user = NewUserId();

        await App.PutJson(Http.User(user) + "/profile", new { country = "DE" }).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Null(UserRow(user));
        var read = await App.GetAsync(Http.User(user) + "/profile").ExpectJson(HttpStatusCode.OK);
        Assert.Null(read["country"]);
    }

    [Theory]
    [InlineData("birthDate", "1990-01-01")]
    [InlineData("email", "someone@example.com")]
    [InlineData("name", "Jane Doe")]
    public async Task A_field_outside_the_schema_is_refused_naming_the_allowed_fields(string field, string value)
    {
        var user = NewUserId();
        await App.Grant(user);
        var before = Store.Snapshot();

        var problem = await App.PutAsync(Http.User(user) + "/profile", Http.Json($$"""{"country":"DE","{{field}}":"{{value}}"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest);

        Assert.Contains("ageBand, country, language, interests, personalizationLevel", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(value, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, Store.Snapshot());
    }

    [Fact]
    public async Task Interests_must_be_catalog_categories()
    {
        var user = NewUserId();
        await App.Grant(user);

        var problem = await App.PutJson(Http.User(user) + "/profile", new { interests = new[] { "no-such-category" } }).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["interests"]);
    }
}

public sealed class ProfileApiTestsOnSqlite(SqliteApiFixture fixture) : ProfileApiTests<SqliteApiFixture>(fixture);

public sealed class ProfileApiTestsOnPostgres(PostgresApiFixture fixture) : ProfileApiTests<PostgresApiFixture>(fixture);
