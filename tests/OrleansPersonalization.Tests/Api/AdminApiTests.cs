using System.Net;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public abstract class AdminApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task A_bulk_erasure_job_reports_progress_and_one_receipt_per_user()
    {
        var users = Enumerable.Range(0, 25).Select(_ => NewUserId()).ToList();
        foreach (var user in users.Take(5))
        {
            await App.Grant(user);
        }

        using var started = await Admin.PostJson("/v1/admin/erasures", new { userIds = users, reason = $"request about {users[0]}" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.ReadJson())["jobId"]!.GetValue<string>();
        Assert.EndsWith(jobId, started.Headers.Location?.ToString(), StringComparison.Ordinal);

        var status = await WaitForJob(jobId);
        Assert.Equal("completed", status["state"]!.GetValue<string>());
        Assert.Equal(25, status["total"]!.GetValue<int>());
        Assert.Equal(25, status["done"]!.GetValue<int>());
        Assert.Equal(0, status["failed"]!.GetValue<int>());
        Assert.Equal(25, status["receipts"]!.AsArray().Count);
        Assert.All(users, u => Assert.Null(UserRow(u)));

        // The free-text reason named a user: it is withheld from the audit trail.
        var audit = await Admin.GetAsync("/v1/admin/audit?kind=erasure-job").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(users[0], audit.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(audit["events"]!.AsArray(), e => e!["detail"]!.GetValue<string>().Contains(jobId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_or_malformed_jobs_are_4xx()
    {
        await Admin.GetAsync($"/v1/admin/erasures/{Guid.NewGuid():N}").ExpectProblem(HttpStatusCode.NotFound);
        await Admin.GetAsync("/v1/admin/erasures/not-a-job").ExpectProblem(HttpStatusCode.BadRequest);
        await Admin.PostJson("/v1/admin/erasures", new { userIds = Array.Empty<string>() }).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_audit_trail_filters_by_kind_and_time_and_never_holds_a_raw_id()
    {
        var user = NewUserId();
        await App.Grant(user);
        await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        var from = Factory.Clock.GetUtcNow().AddMinutes(-1).ToString("O");
        var to = Factory.Clock.GetUtcNow().AddMinutes(1).ToString("O");

        var exports = await Admin.GetAsync($"/v1/admin/audit?kind=export&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}").ExpectJson(HttpStatusCode.OK);
        var all = await Admin.GetAsync("/v1/admin/audit?limit=1000").ExpectJson(HttpStatusCode.OK);

        Assert.NotEmpty(exports["events"]!.AsArray());
        Assert.All(exports["events"]!.AsArray(), e => Assert.Equal("export", e!["kind"]!.GetValue<string>()));
        Assert.DoesNotContain(user, all.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(KeyOf(user), all.ToJsonString(), StringComparison.Ordinal);
        await Admin.GetAsync("/v1/admin/audit?kind=gossip").ExpectProblem(HttpStatusCode.BadRequest);
        await Admin.GetAsync("/v1/admin/audit?from=yesterday").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_rebuild_recomputes_the_model_from_the_stored_contributions()
    {
        var category = await NewCategory(2);
        for (var i = 0; i < 3; i++)
        {
            var user = NewUserId();
            await App.Grant(user, personalization: true, modelTraining: true);
            await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-{1 + (i % 2)}", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        }

        var before = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        using var accepted = await Admin.PostAsync("/v1/admin/model/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var after = before;
        for (var i = 0; i < 100 && after["modelVersion"]!.GetValue<string>() == before["modelVersion"]!.GetValue<string>(); i++)
        {
            await Task.Delay(50);
            after = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        }

        Assert.NotEqual(before["modelVersion"]!.GetValue<string>(), after["modelVersion"]!.GetValue<string>());
        Assert.Equal(before["interactions"]!.GetValue<long>(), after["interactions"]!.GetValue<long>());
        Assert.Equal(before["contributors"]!.GetValue<long>(), after["contributors"]!.GetValue<long>());
        Assert.True(after["dense"]!["items"]!.GetValue<int>() >= 0);
        Assert.NotNull(after["dense"]!["current"]);
    }

    [Fact]
    public async Task Catalog_items_are_upserted_and_deleted()
    {
        var item = await Admin.PutJson("/v1/items/adm-1", new { category = "news", tags = new[] { "local" } }).ExpectJson(HttpStatusCode.OK);
        Assert.True(item["available"]!.GetValue<bool>());

        using var deleted = await Admin.DeleteAsync("/v1/items/adm-1");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await App.GetAsync("/v1/items/adm-1/similar").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_catalog_batch_is_stored_whole_or_not_at_all()
    {
        var prefix = "batch-" + Guid.NewGuid().ToString("N")[..8];
        var items = Enumerable.Range(0, 2500).Select(i => new { itemId = $"{prefix}-{i}", category = "batch", tags = new[] { "import" }, available = true }).ToList();
        var stored = await Admin.PutJson("/v1/items", new { items }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2500, stored["upserted"]!.GetValue<int>());
        await App.GetAsync($"/v1/items/{prefix}-2499/similar").ExpectJson(HttpStatusCode.OK);

        // One bad item (and one named twice) refuse the whole batch: the good ones in it change nothing.
        var bad = new object[]
        {
            new { itemId = $"{prefix}-new-1", category = "batch", tags = Array.Empty<string>(), available = true },
            new { itemId = $"{prefix}-new-2", category = "Not A Label", tags = Array.Empty<string>(), available = true },
            new { itemId = $"{prefix}-new-1", category = "batch", tags = Array.Empty<string>(), available = true },
        };
        var problem = await Admin.PutJson("/v1/items", new { items = bad }).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("items[1].category", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("items[2].itemId", problem.ToJsonString(), StringComparison.Ordinal);
        await App.GetAsync($"/v1/items/{prefix}-new-1/similar").ExpectProblem(HttpStatusCode.NotFound);

        await Admin.PutJson("/v1/items", new { items = Array.Empty<object>() }).ExpectProblem(HttpStatusCode.BadRequest);
        await Admin.PutJson("/v1/items", new { items = Enumerable.Range(0, 10_001).Select(i => new { itemId = $"x{i}", category = "batch" }) }).ExpectProblem(HttpStatusCode.BadRequest);
        await App.PutJson("/v1/items", new { items }).ExpectProblem(HttpStatusCode.Forbidden);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> WaitForJob(string jobId)
    {
        for (var i = 0; i < 200; i++)
        {
            var status = await Admin.GetAsync($"/v1/admin/erasures/{jobId}").ExpectJson(HttpStatusCode.OK);
            if (status["state"]!.GetValue<string>() != "running")
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The erasure job did not finish.");
    }
}

public sealed class AdminApiTestsOnSqlite(SqliteApiFixture fixture) : AdminApiTests<SqliteApiFixture>(fixture);

public sealed class AdminApiTestsOnPostgres(PostgresApiFixture fixture) : AdminApiTests<PostgresApiFixture>(fixture);
