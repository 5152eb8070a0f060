using System.Net.Http.Headers;
using CsCheck;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P10 and P9 as a property: whatever malformed request a key of the right role sends to any
/// endpoint, the answer is a 4xx problem+json and the store is byte for byte what it was.
/// </summary>
public abstract class FuzzTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task Every_malformed_request_gets_a_4xx_problem_and_changes_nothing()
    {
        // Some state to protect: a consenting user with behaviour and a catalog item.
        await App.Grant("fuzz-user", personalization: true, modelTraining: true).ExpectJson(System.Net.HttpStatusCode.OK);
        await App.PostJson(Http.User("fuzz-user") + "/events", new { itemId = "fuzz-item", type = "view" }).ExpectJson(System.Net.HttpStatusCode.Accepted);
        await Admin.PutJson("/v1/items/fuzz-item", new { category = "jazz" }).ExpectJson(System.Net.HttpStatusCode.OK);

        await MalformedRequests.All.SampleAsync(async request =>
        {
            var before = Store.Snapshot();
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
            if (request.Body is not null)
            {
                message.Content = new StringContent(request.Body);
                message.Content.Headers.ContentType = request.ContentType is null ? null : MediaTypeHeaderValue.Parse(request.ContentType);
            }

            using var response = await (request.Role == "admin" ? Admin : App).SendAsync(message);
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500 and not 401 and not 403, $"{request} answered {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, Store.Snapshot());
        }, iter: 150, threads: 1, seed: null);
    }
}

public sealed class FuzzTestsOnSqlite(SqliteApiFixture fixture) : FuzzTests<SqliteApiFixture>(fixture);

public sealed class FuzzTestsOnPostgres(PostgresApiFixture fixture) : FuzzTests<PostgresApiFixture>(fixture);
