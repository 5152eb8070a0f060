using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text without a key, the framework's, the runtime's and Orleans's
/// meters and the product's instruments with their types; and no series, label or value that names a
/// user, by id or by pseudonym.
/// </summary>
public partial class MetricsTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Metrics_are_scraped_without_a_key_and_carry_no_personal_data(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        const string user = "Metrics.Person+1@example.com";
        var app = factory.App();
        await app.Grant(user, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User(user) + "/events", new { itemId = "metrics-item", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
        var old = factory.Clock.GetUtcNow().AddDays(-400).ToString("O");
        await app.PostJson(Http.User(user) + "/events", new { itemId = "metrics-item-2", type = "view", at = old }).ExpectJson(HttpStatusCode.Accepted);
        await app.GetAsync(Http.User(user) + "/recommendations").ExpectJson(HttpStatusCode.OK);
        await app.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);

        // The jobs operators start: an erasure job and a long operation, both followed to their end.
        var admin = factory.Admin();
        var erasure = await admin.PostJson("/v1/admin/erasures", new { userIds = new[] { user + ".second" } }).ExpectJson(HttpStatusCode.Accepted);
        var job = await admin.PostJson("/v1/admin/jobs", new { kind = "audit-verify" }).ExpectJson(HttpStatusCode.Accepted);
        var erasureState = await Eventually.Until(() => admin.GetAsync($"/v1/admin/erasures/{erasure["jobId"]}").ExpectJson(HttpStatusCode.OK), j => j["state"]!.GetValue<string>() != "running", TimeSpan.FromSeconds(30));
        var jobState = await Eventually.Until(() => admin.GetAsync($"/v1/admin/jobs/{job["jobId"]}").ExpectJson(HttpStatusCode.OK), j => j["state"]!.GetValue<string>() != "running", TimeSpan.FromSeconds(30));
        Assert.Equal("completed", erasureState["state"]!.GetValue<string>());
        Assert.Equal("completed", jobState["state"]!.GetValue<string>());

        using var scrape = await factory.Anonymous().GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        var types = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        foreach (var (name, type) in new Dictionary<string, string>
        {
            ["personalization_recommendation_duration_seconds"] = "histogram",
            ["personalization_events_recorded_total"] = "counter",
            ["personalization_events_dropped_total"] = "counter",
            ["personalization_consent_changes_total"] = "counter",
            ["personalization_erasures_total"] = "counter",
            ["personalization_erasure_duration_seconds"] = "histogram",
            ["personalization_model_contributors"] = "gauge",
            ["personalization_model_contributions_pending"] = "gauge",
            ["personalization_model_contribution_delay_seconds"] = "histogram",
            ["personalization_admin_job_duration_seconds"] = "histogram",
            ["personalization_erasure_job_users_requested_total"] = "counter",
            ["personalization_erasure_job_users_processed_total"] = "counter",
            ["http_server_request_duration_seconds"] = "histogram",
            ["dotnet_gc_collections_total"] = "counter",
            ["orleans_catalog_activations"] = "gauge",
        })
        {
            Assert.True(types.TryGetValue(name, out var actual), $"{name} is not exported.");
            Assert.Equal(type, actual);
        }

        // At least these (a meter listener is process-wide: other tests' APIs in this process count into the same series).
        Assert.Matches("""personalization_events_dropped_total\{[^}]*reason="outside-retention"[^}]*\} [1-9]""", text);
        Assert.Matches("""personalization_consent_changes_total\{[^}]*decision="granted"[^}]*purpose="modelTraining"[^}]*\} [1-9]""", text);
        Assert.Matches("""personalization_recommendation_duration_seconds_count\{[^}]*answer="(personalized|popular)"[^}]*\} [1-9]""", text);
        Assert.Matches("""personalization_admin_job_duration_seconds_count\{[^}]*kind="audit-verify"[^}]*outcome="completed"[^}]*\} [1-9]""", text);
        Assert.Matches("""personalization_erasure_job_users_processed_total\{[^}]*outcome="erased"[^}]*\} [1-9]""", text);
        Assert.Matches("""personalization_model_contribution_delay_seconds_count\{[^}]*change="leave"[^}]*\} [1-9]""", text);
        Assert.Matches("""http_server_request_duration_seconds_count\{[^}]*http_route="/v1/users/\{userId\}/recommendations"[^}]*\}""", text);

        // Nothing names the user: not the id in any spelling, not its pseudonym, not the item it touched.
        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);
        foreach (var forbidden in new[] { user, Uri.EscapeDataString(user), user.ToLowerInvariant(), key, "metrics-item" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
        }

        // Every label of the product's own instruments is from a closed set.
        var labels = ProductSeries().Matches(text).SelectMany(m => m.Groups[1].Value.Split(',')).Select(l => l.Split('=')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("purpose", labels);
        Assert.Subset(new HashSet<string>(["answer", "reason", "purpose", "decision", "kind", "outcome", "change", "le", "otel_scope_name", "otel_scope_version"], StringComparer.Ordinal), labels);
    }

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^personalization_\w+\{([^}]*)\}", RegexOptions.Multiline)]
    private static partial Regex ProductSeries();
}
