using System.Net;
using System.Text.Json.Nodes;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// What the console is built on, through the API: long operations as jobs with a status resource,
/// the audit searched by the client's user id (pseudonymized, never stored, itself recorded), and an
/// erasure job's receipts as CSV.
/// </summary>
public abstract class AdminJobsApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Theory]
    [InlineData(AdminJobKinds.ModelRebuild, "modelVersion")]
    [InlineData(AdminJobKinds.KeyRewrap, "rewrapped")]
    [InlineData(AdminJobKinds.AuditVerify, "verification")]
    public async Task A_long_operation_runs_as_a_job_followed_through_its_status_resource(string kind, string outcome)
    {
        await App.Grant(NewUserId(), modelTraining: true);
        using var started = await Admin.PostJson("/v1/admin/jobs", new { kind });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.ReadJson();
        var jobId = job["jobId"]!.GetValue<string>();
        Assert.Equal($"/v1/admin/jobs/{jobId}", started.Headers.Location?.ToString());
        Assert.Equal(kind, job["kind"]!.GetValue<string>());

        var finished = await Finished(jobId);
        Assert.Equal("completed", finished["state"]!.GetValue<string>());
        Assert.NotNull(finished["finishedAt"]);
        Assert.NotNull(finished[outcome]);
        if (kind == AdminJobKinds.AuditVerify)
        {
            Assert.True(finished["verification"]!["isIntact"]!.GetValue<bool>());
        }
    }

    [Fact]
    public async Task A_rebuild_answers_with_its_job()
    {
        using var accepted = await Admin.PostAsync("/v1/admin/model/rebuild", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await accepted.ReadJson();
        Assert.Equal("rebuilding", job["status"]!.GetValue<string>());
        Assert.Equal($"/v1/admin/jobs/{job["jobId"]}", accepted.Headers.Location?.ToString());
        var finished = await Finished(job["jobId"]!.GetValue<string>());
        Assert.Equal(AdminJobKinds.ModelRebuild, finished["kind"]!.GetValue<string>());
        var model = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("completed", finished["state"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(finished["modelVersion"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(model["modelVersion"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"kind":"format-disk"}""")]
    [InlineData("""{"kind":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"kind":"model-rebuild","now":true}""")]
    [InlineData("""[]""")]
    public async Task A_job_of_no_known_kind_is_400(string body)
    {
        await Admin.PostAsync("/v1/admin/jobs", Http.Json(body)).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_job_id_is_checked_before_any_lookup()
    {
        await Admin.GetAsync("/v1/admin/jobs/not-a-job").ExpectProblem(HttpStatusCode.BadRequest);
        await Admin.GetAsync("/v1/admin/jobs/0123456789ABCDEF0123456789abcdef").ExpectProblem(HttpStatusCode.BadRequest);
        await Admin.GetAsync($"/v1/admin/jobs/{Guid.NewGuid():N}").ExpectProblem(HttpStatusCode.NotFound);
        await Admin.GetAsync($"/v1/admin/erasures/{Guid.NewGuid():N}/receipts.csv").ExpectProblem(HttpStatusCode.NotFound);
        await Admin.GetAsync("/v1/admin/erasures/nope/receipts.csv").ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_audit_is_searched_by_the_clients_user_id_which_is_neither_echoed_nor_stored()
    {
        var user = "Audit.Search+Person@example.com";
        var other = NewUserId();
        await App.Grant(user, modelTraining: true);
        await App.Grant(other);

        var page = await Admin.PostJson("/v1/admin/audit/search", new { userId = user }).ExpectJson(HttpStatusCode.OK);

        var entries = page["events"]!.AsArray();
        var kinds = entries.Select(e => e!["kind"]!.GetValue<string>()).ToList();
        Assert.Contains(AuditKinds.ConsentChange, kinds);
        Assert.Contains(AuditKinds.AuditSearch, kinds);
        // Without the subject: the person's audit name is not handed to whoever typed their id (P6).
        Assert.All(entries, e => Assert.Null(e!["subjectDigest"]));
        Assert.DoesNotContain(user, page.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(KeyOf(user), page.ToJsonString(), StringComparison.Ordinal);
        var trail = await Admin.GetAsync("/v1/admin/audit?limit=1000").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(user, trail.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // The person sees in their own export that an admin looked.
        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Contains(export["auditTrail"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == AuditKinds.AuditSearch && e["actorRole"]!.GetValue<string>() == "admin");

        // Filters apply as on GET /v1/admin/audit.
        var consentOnly = await Admin.PostJson("/v1/admin/audit/search?kind=consent-change", new { userId = user }).ExpectJson(HttpStatusCode.OK);
        Assert.All(consentOnly["events"]!.AsArray(), e => Assert.Equal(AuditKinds.ConsentChange, e!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Searching_for_someone_the_store_does_not_know_finds_nothing_and_stores_nothing()
    {
        var stranger = NewUserId();

        var page = await Admin.PostJson("/v1/admin/audit/search", new { userId = stranger }).ExpectJson(HttpStatusCode.OK);

        Assert.Empty(page["events"]!.AsArray());
        Assert.Null(UserRow(stranger));
    }

    [Theory]
    [InlineData("""{"userId":""}""", "")]
    [InlineData("""{"userId":"a\u0000b"}""", "")]
    [InlineData("""{"userId":null}""", "")]
    [InlineData("""{"user":"USER"}""", "")]
    [InlineData("""{"userId":"USER","more":1}""", "")]
    [InlineData("""{"userId":"USER"}""", "?subject=0123456789abcdef0123456789abcdef")]
    [InlineData("""{"userId":"USER"}""", "?receipt=0123456789abcdef0123456789abcdef")]
    [InlineData("""{"userId":"USER"}""", "?kind=everything")]
    [InlineData("""{"userId":"USER"}""", "?limit=0")]
    [InlineData("""{"userId":"USER"}""", "?from=yesterday")]
    public async Task A_bad_search_is_400_and_records_nothing(string body, string query)
    {
        // A user the store knows, so a search that got as far as the lookup would be recorded.
        var user = NewUserId();
        await App.Grant(user);

        await Admin.PostAsync("/v1/admin/audit/search" + query, Http.Json(body.Replace("USER", user, StringComparison.Ordinal))).ExpectProblem(HttpStatusCode.BadRequest);

        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(export["auditTrail"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == AuditKinds.AuditSearch);
        await Admin.PostJson("/v1/admin/audit/search", new { userId = user }).ExpectJson(HttpStatusCode.OK);
        export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Contains(export["auditTrail"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == AuditKinds.AuditSearch);
    }

    [Fact]
    public async Task An_erasure_jobs_receipts_come_as_csv_by_position_without_the_ids()
    {
        var users = new[] { NewUserId(), NewUserId(), NewUserId() };
        await App.Grant(users[1]);
        using var started = await Admin.PostJson("/v1/admin/erasures", new { userIds = users });
        var jobId = (await started.ReadJson())["jobId"]!.GetValue<string>();
        var job = await Eventually.Until(() => Admin.GetAsync($"/v1/admin/erasures/{jobId}").ExpectJson(HttpStatusCode.OK), j => j["state"]!.GetValue<string>() != "running", TimeSpan.FromSeconds(30));
        Assert.Equal("completed", job["state"]!.GetValue<string>());

        using var csv = await Admin.GetAsync($"/v1/admin/erasures/{jobId}/receipts.csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"erasure-{jobId}-receipts.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,status,receiptId,erasedAt", lines[0]);
        Assert.Equal(["0", "1", "2"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(lines.Skip(1), l => Assert.Matches("^[0-9]+,erased,[0-9a-f]{32},[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$", l));
        Assert.All(users, u => Assert.DoesNotContain(u, string.Join('\n', lines), StringComparison.Ordinal));
    }

    private async Task<JsonNode> Finished(string jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = await Admin.GetAsync($"/v1/admin/jobs/{jobId}").ExpectJson(HttpStatusCode.OK);
            if (status["state"]!.GetValue<string>() != "running")
            {
                return status;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Job {jobId} did not finish.");
    }
}

public sealed class AdminJobsApiTestsOnSqlite(SqliteApiFixture fixture) : AdminJobsApiTests<SqliteApiFixture>(fixture);

public sealed class AdminJobsApiTestsOnPostgres(PostgresApiFixture fixture) : AdminJobsApiTests<PostgresApiFixture>(fixture);
