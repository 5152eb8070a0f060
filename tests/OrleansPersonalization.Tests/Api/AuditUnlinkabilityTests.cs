using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P6 for the audit trail: after an erasure no audit entry can be linked to the person — not
/// through the API (the same id starts with an empty trail), not by whoever holds the database and
/// the pseudonymization secret (nothing derivable from the id is stored, and the random subject the
/// entries carry existed only inside the shredded state) — while the chain still verifies and the
/// receipt still finds its erasure entry. The export holds every entry, however many.
/// </summary>
public abstract class AuditUnlinkabilityTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task After_erasure_the_same_id_has_no_history_and_nothing_in_the_store_links_the_old_entries_to_it()
    {
        var user = NewUserId();
        var key = KeyOf(user);
        await App.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        await App.Grant(user, personalization: true, modelTraining: false).ExpectJson(HttpStatusCode.OK);
        var first = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        var subject = first["subjectDigest"]!.GetValue<string>();
        Assert.Equal(2, first["auditTrail"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == AuditKinds.ConsentChange));
        Assert.Contains(Store.TablesMentioning(subject), t => t.Contains("audit", StringComparison.Ordinal));

        var receipt = await App.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);
        Assert.Null(receipt["subjectDigest"]);

        // Through the API: the same id is a new person with no past.
        var again = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.NotEqual(subject, again["subjectDigest"]!.GetValue<string>());
        Assert.Empty(again["auditTrail"]!.AsArray());

        // Whoever holds the store and the secret can compute the key and its digest: neither is stored.
        foreach (var derived in new[] { key, UserKeys.Digest(key) })
        {
            Assert.Empty(Store.TablesMentioning(derived));
        }

        // The old subject survives only in the audit entries themselves, tied to nothing.
        Assert.All(Store.TablesMentioning(subject), t => Assert.Contains("audit_log", t, StringComparison.Ordinal));
        Assert.Null(await Factory.Services.GetRequiredService<UserDirectory>().FindAsync(key));

        // The receipt still proves the erasure, and the chain is intact.
        var line = await Admin.GetAsync($"/v1/admin/audit?kind=erasure&receipt={receipt["receiptId"]!.GetValue<string>()}").ExpectJson(HttpStatusCode.OK);
        Assert.Single(line["events"]!.AsArray());
        var verification = await Admin.GetAsync("/v1/admin/audit/verify").ExpectJson(HttpStatusCode.OK);
        Assert.True(verification["isIntact"]!.GetValue<bool>(), verification.ToJsonString());
    }

    [Fact]
    public async Task The_export_holds_every_audit_entry_about_the_user_past_a_thousand()
    {
        var user = NewUserId();
        await App.Grant(user).ExpectJson(HttpStatusCode.OK);
        var subject = (await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK))["subjectDigest"]!.GetValue<string>();
        var trail = Factory.Services.GetRequiredService<IAuditTrail>();
        for (var i = 0; i < 1_205; i++)
        {
            await trail.AppendAsync(AuditKinds.Export, ActorRoles.App, subject, null);
        }

        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);

        // One consent change, the first export, the 1,205 appended.
        var entries = export["auditTrail"]!.AsArray();
        Assert.Equal(1 + 1 + 1_205, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e!["sequence"]!.GetValue<long>()).Distinct().Count());
    }

    [Theory]
    [InlineData("DPO-2026-114", "reason=DPO-2026-114")]
    [InlineData("asked by jane.doe@example.com on the phone", "reason=withheld")]
    [InlineData(null, "reason=none")]
    public async Task An_erasure_job_reason_reaches_the_trail_only_as_a_token(string? reason, string recorded)
    {
        var job = await Admin.PostJson("/v1/admin/erasures", new { userIds = new[] { NewUserId() }, reason }).ExpectJson(HttpStatusCode.Accepted);
        var jobId = job["jobId"]!.GetValue<string>();

        var entries = (await Admin.GetAsync("/v1/admin/audit?kind=erasure-job&limit=1000").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();

        var started = Assert.Single(entries, e => e!["detail"]!.GetValue<string>().Contains($"job={jobId} started", StringComparison.Ordinal))!;
        Assert.EndsWith(recorded, started["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_audit_pages_with_a_cursor()
    {
        var user = NewUserId();
        await App.Grant(user).ExpectJson(HttpStatusCode.OK);
        await App.Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);
        await App.Grant(user).ExpectJson(HttpStatusCode.OK);

        var all = (await Admin.GetAsync("/v1/admin/audit?kind=consent-change&limit=1000").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray()
            .Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        var paged = new List<long>();
        long? after = null;
        do
        {
            var page = await Admin.GetAsync($"/v1/admin/audit?kind=consent-change&limit=2{(after is null ? "" : $"&after={after}")}").ExpectJson(HttpStatusCode.OK);
            paged.AddRange(page["events"]!.AsArray().Select(e => e!["sequence"]!.GetValue<long>()));
            after = page["next"]?.GetValue<long>();
        }
        while (after is not null);

        Assert.Equal(all, paged);
    }
}

public sealed class AuditUnlinkabilityTestsOnSqlite(SqliteApiFixture fixture) : AuditUnlinkabilityTests<SqliteApiFixture>(fixture);

public sealed class AuditUnlinkabilityTestsOnPostgres(PostgresApiFixture fixture) : AuditUnlinkabilityTests<PostgresApiFixture>(fixture);
