using System.Net;
using System.Text;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>P10: every malformed request gets a 4xx problem and leaves the store exactly as it was.</summary>
public abstract class BadInputTests<TFixture> : ApiTestBase<TFixture>
    where TFixture : ApiFixture
{
    private const string Existing = BadRequests.Existing;

    protected BadInputTests(TFixture fixture) : base(fixture)
    {
        // A user with data, so an accidental write would show up as a change.
        App.Grant(Existing, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK).GetAwaiter().GetResult();
        App.PostJson(Http.User(Existing) + "/events", new { itemId = "known", type = "view" }).ExpectJson(HttpStatusCode.Accepted).GetAwaiter().GetResult();
        Admin.PutJson("/v1/items/known", new { category = "jazz" }).ExpectJson(HttpStatusCode.OK).GetAwaiter().GetResult();
    }

    [Theory]
    [MemberData(nameof(BadRequests.Cases), MemberType = typeof(BadRequests))]
    public async Task Malformed_requests_are_4xx_problems_and_change_nothing(string role, string method, string? body, string path, int status)
    {
        var before = Store.Snapshot();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        await (role == "admin" ? Admin : App).SendAsync(request).ExpectProblem((HttpStatusCode)status);

        Assert.Equal(before, Store.Snapshot());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        using var content = new StringContent("personalization=true", Encoding.UTF8, "application/x-www-form-urlencoded");

        await App.PutAsync(Http.User(Existing) + "/consent", content).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Problems_never_echo_client_chosen_names_in_the_field_path()
    {
        var marker = "jane.doe-" + Guid.NewGuid().ToString("N")[..8];

        var problem = await App.PutAsync(Http.User(Existing) + "/consent", Http.Json($"{{\"purposes\":{{\"{marker}\":\"yes\"}},\"policyVersion\":\"2026-11\"}}"))
            .ExpectProblem(HttpStatusCode.BadRequest);

        Assert.DoesNotContain(marker, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_never_echo_the_user_id()
    {
        var userId = "echo-check-" + Guid.NewGuid().ToString("N");

        var problem = await App.PostJson(Http.User(userId) + "/events", new { itemId = userId + " x", type = "view" }).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.DoesNotContain(userId, problem.ToJsonString(), StringComparison.Ordinal);
    }
}

public sealed class BadInputTestsOnSqlite(SqliteApiFixture fixture) : BadInputTests<SqliteApiFixture>(fixture);

public sealed class BadInputTestsOnPostgres(PostgresApiFixture fixture) : BadInputTests<PostgresApiFixture>(fixture);

/// <summary>The malformed requests, each with the role that sends it and the status it must get.</summary>
public static class BadRequests
{
    public const string Existing = "bad-input-existing-user";

    public static TheoryData<string, string, string?, string, int> Cases
    {
        get
        {
            var u = "/v1/users/" + Existing;
            var tooLong = Uri.EscapeDataString(new string('x', 257));
            var tooMany = "{\"events\":[" + string.Join(',', Enumerable.Repeat("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}", 1001)) + "]}";
            var huge = "{\"events\":[" + string.Join(',', Enumerable.Repeat("{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}", 25_000)) + "]}";
            return new()
            {
                // Malformed ids
                { "app", "GET", null, "/v1/users/" + tooLong + "/consent", 400 },
                { "app", "GET", null, "/v1/users/%EF%BF%BE/consent", 400 },
                { "app", "GET", null, "/v1/users/a%EF%BF%BF/consent", 400 },
                { "app", "GET", null, "/v1/users/%EF%B7%90x/consent", 400 },
                { "app", "POST", "{\"events\":[{\"userId\":\"\\ufffe\",\"itemId\":\"i\",\"type\":\"view\"}]}", "/v1/events", 400 },
                { "admin", "POST", "{\"userIds\":[\"\\uffff\"]}", "/v1/admin/erasures", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":true},\"policyVersion\":\"v\"}", "/v1/users/a%01b/consent", 400 },
                { "admin", "PUT", "{\"category\":\"jazz\"}", "/v1/items/bad%20id", 400 },
                { "admin", "PUT", "{\"category\":\"jazz\"}", "/v1/items/" + new string('i', 129), 400 },
                // Consent
                { "app", "PUT", "{\"purposes\":{\"marketing\":true},\"policyVersion\":\"v\"}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":false}}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":\"yes\"},\"policyVersion\":\"v\"}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{},\"policyVersion\":\"v\"}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":false},\"policyVersion\":\"v\",\"extra\":1}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":false},\"policyVersion\":\"v 1\"}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":false},\"policyVersion\":\"v\",\"policyVersion\":\"w\"}", u + "/consent", 400 },
                { "app", "PUT", "[1,2]", u + "/consent", 400 },
                { "app", "PUT", "{not json", u + "/consent", 400 },
                { "app", "PUT", "", u + "/consent", 400 },
                // Events
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"like\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"at\":\"2999-01-01T00:00:00Z\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"at\":\"2026-11-29T10:00:00\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"at\":\"yesterday\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"rating\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"rating\",\"value\":6}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"value\":3}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i 1\",\"type\":\"view\"}", u + "/events", 400 },
                { "app", "POST", "{\"type\":\"view\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"userAgent\":\"x\"}", u + "/events", 400 },
                { "app", "POST", "{\"events\":[{\"userId\":\"\",\"itemId\":\"i\",\"type\":\"view\"}]}", "/v1/events", 400 },
                { "app", "POST", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"ip\":\"1.2.3.4\"}]}", "/v1/events", 400 },
                { "app", "POST", "{\"events\":[]}", "/v1/events", 400 },
                { "app", "POST", tooMany, "/v1/events", 400 },
                { "app", "POST", huge, "/v1/events", 413 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"eventId\":\"has space\"}", u + "/events", 400 },
                // Valid JSON that is not valid Unicode, and times whose UTC instant is outside the calendar (P10: 4xx, never 500)
                { "app", "PUT", "{\"\\udc00\":true}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"\\ud800\":true},\"policyVersion\":\"2026-11\"}", u + "/consent", 400 },
                { "app", "POST", "{\"itemId\":\"\\ud800\",\"type\":\"view\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"at\":\"0001-01-01T00:00:00+01:00\"}", u + "/events", 400 },
                { "app", "POST", "{\"itemId\":\"i1\",\"type\":\"view\",\"at\":\"9999-12-31T23:59:59-01:00\"}", u + "/events", 400 },
                { "app", "POST", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\",\"at\":\"0001-01-01T00:00:00+14:00\"}]}", "/v1/events", 400 },
                { "admin", "GET", null, "/v1/admin/audit?from=0001-01-01T00:00:00%2B01:00", 400 },
                { "admin", "GET", null, "/v1/admin/audit?to=9999-12-31T23:59:59-01:00", 400 },
                { "admin", "GET", null, "/v1/admin/audit?receipt=not-a-receipt", 400 },
                // Consent proof stays free of free text: versions are versions, sources come from the notice's list
                { "app", "PUT", "{\"purposes\":{\"personalization\":true},\"policyVersion\":\"alice.smith\"}", u + "/consent", 400 },
                { "app", "PUT", "{\"purposes\":{\"personalization\":true},\"policyVersion\":\"2026-11\",\"source\":\"alice\"}", u + "/consent", 400 },
                // Profile
                { "app", "PUT", "{\"ageBand\":\"30\"}", u + "/profile", 400 },
                { "app", "PUT", "{\"country\":\"Germany\"}", u + "/profile", 400 },
                { "app", "PUT", "{\"language\":\"german\"}", u + "/profile", 400 },
                { "app", "PUT", "{\"personalizationLevel\":\"extreme\"}", u + "/profile", 400 },
                { "app", "PUT", "{\"interests\":[\"unknown-category\"]}", u + "/profile", 400 },
                { "app", "PUT", "{\"birthDate\":\"1990-01-01\"}", u + "/profile", 400 },
                // Queries
                { "app", "GET", null, u + "/recommendations?count=-1", 400 },
                { "app", "GET", null, u + "/recommendations?count=1&count=2", 400 },
                { "app", "GET", null, u + "/recommendations?category=Not%20A%20Label", 400 },
                { "app", "GET", null, u + "/data?download=maybe", 400 },
                { "app", "GET", null, "/v1/items/known/similar?count=1000", 400 },
                // Catalog and administration
                { "admin", "PUT", "{\"category\":\"Jazz Music\"}", "/v1/items/i9", 400 },
                { "admin", "PUT", "{\"category\":\"jazz\",\"price\":3}", "/v1/items/i9", 400 },
                { "admin", "PUT", "{\"category\":\"jazz\",\"tags\":[\"a\",\"a\"]}", "/v1/items/i9", 400 },
                { "admin", "POST", "{\"userIds\":[]}", "/v1/admin/erasures", 400 },
                { "admin", "POST", "{\"userIds\":[\"a\"],\"reason\":\"x\",\"force\":true}", "/v1/admin/erasures", 400 },
                { "admin", "GET", null, "/v1/admin/audit?limit=0", 400 },
                // Routing and media types
                { "app", "GET", null, "/v1/nowhere", 404 },
                { "app", "PATCH", "{}", u + "/consent", 405 },
            };
        }
    }
}
