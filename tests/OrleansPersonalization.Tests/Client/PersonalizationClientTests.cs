using System.Net;
using OrleansPersonalization.Client;
using OrleansPersonalization.Client.Models;
using OrleansPersonalization.Tests.Api;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Client;

/// <summary>
/// The typed client against the real API: every call of the contract round-trips through it, each
/// credential goes only where its role is needed, and a refusal arrives as the API's problem.
/// </summary>
public abstract class PersonalizationClientTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    private PersonalizationClient Client(ApiCredentials credentials) => new(Factory.CreateClient(), credentials);

    private PersonalizationClient Both => Client(new ApiCredentials(ApiFactory.AppKey, ApiFactory.AdminKey));

    [Fact]
    public async Task A_user_goes_through_consent_events_profile_recommendations_export_and_erasure()
    {
        var client = Both;
        var category = await NewCategory(3);
        var user = "client+" + Guid.NewGuid().ToString("N") + "@example.com";

        var consent = await client.SetConsentAsync(user, new ConsentUpdate(new Dictionary<string, bool> { [Purposes.Personalization] = true }, "2026-11", "settings-page"));
        Assert.True(consent.IsGranted(Purposes.Personalization));
        Assert.False((await client.GetConsentAsync(user)).IsGranted(Purposes.ModelTraining));

        var accepted = await client.RecordEventAsync(user, new NewEvent($"{category}-1", "rating", Value: 4.5, EventId: "e-1"));
        Assert.True(accepted.Recorded);
        var bulk = await client.RecordEventsAsync([new BulkEvent(user, $"{category}-2", "view"), new BulkEvent(NewUserId(), $"{category}-2", "view")]);
        Assert.Equal(new BulkEventsResult(1, 1), bulk);

        var profile = await client.SetProfileAsync(user, new Profile("25-34", "DE", "de", [category], "basic"));
        Assert.Equal("basic", profile.PersonalizationLevel);
        var stored = await client.GetProfileAsync(user);
        Assert.Equal(profile with { Interests = [] }, stored with { Interests = [] });
        Assert.Equal([category], stored.Interests);

        var recommendations = await client.GetRecommendationsAsync(user, count: 2, category: category);
        Assert.False(string.IsNullOrEmpty(recommendations.ModelVersion));
        Assert.DoesNotContain(recommendations.Items, i => i.ItemId == $"{category}-1");

        var export = await client.ExportAsync(user);
        Assert.Equal(2, export.Events.Count);
        Assert.Equal(4.5, export.Events.Single(e => e.Type == "rating").Value);
        Assert.Contains(export.Consent.History, h => h.Purpose == Purposes.Personalization && h.Source == "settings-page");
        Assert.Contains(export.AuditTrail, e => e.Kind == "consent-change");

        var receipt = await client.EraseAsync(user);
        Assert.Matches("^[0-9a-f]{32}$", receipt.ReceiptId);
        Assert.Contains("keys", receipt.Erased);
        Assert.Empty((await client.ExportAsync(user)).Events);
    }

    [Fact]
    public async Task The_catalog_and_similar_items()
    {
        var client = Both;
        var item = await client.UpsertItemAsync("client-item-1", new ItemUpdate("news", ["local"]));
        Assert.Equal(("client-item-1", "news", true), (item.ItemId, item.Category, item.Available));
        Assert.Equal(["local"], item.Tags);
        Assert.Equal(2, (await client.UpsertItemsAsync([new BatchItem("client-item-2", "news", []), new BatchItem("client-item-3", "news", [], Available: false)])).Upserted);

        var similar = await client.GetSimilarItemsAsync("client-item-1", count: 5);
        Assert.False(string.IsNullOrEmpty(similar.ModelVersion));

        await client.DeleteItemAsync("client-item-3");
    }

    [Fact]
    public async Task Administration_erasure_jobs_audit_and_long_operations()
    {
        var client = Both;
        var users = new[] { NewUserId(), NewUserId() };
        await client.SetConsentAsync(users[0], new ConsentUpdate(new Dictionary<string, bool> { [Purposes.Personalization] = true }, "2026-11", "api"));

        var started = await client.StartErasureJobAsync(new ErasureJobRequest(users, "DSR-7"));
        var job = await Eventually.Until(() => client.GetErasureJobAsync(started.JobId), j => j is not { State: "running" }, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", job!.State);
        Assert.Equal(2, job.Done);
        Assert.StartsWith("index,status,receiptId,erasedAt", await client.GetErasureReceiptsCsvAsync(started.JobId), StringComparison.Ordinal);
        Assert.Null(await client.GetErasureJobAsync(Guid.NewGuid().ToString("N")));

        var someone = NewUserId();
        await client.SetConsentAsync(someone, new ConsentUpdate(new Dictionary<string, bool> { [Purposes.ModelTraining] = true }, "2026-11", "api"));
        var found = await client.SearchAuditByUserAsync(someone, new AuditFilter(Kind: "consent-change"));
        Assert.Equal("consent-change", Assert.Single(found.Events).Kind);
        var subject = (await client.ExportAsync(someone)).SubjectDigest;
        var page = await client.QueryAuditAsync(new AuditFilter(Limit: 1), subject: subject);
        Assert.Single(page.Events);
        Assert.NotNull(page.Next);

        var verification = await client.WaitForJobAsync((await client.StartJobAsync(AdminJobKinds.AuditVerify)).JobId, TimeSpan.FromMilliseconds(50));
        Assert.True(verification.Verification!.IsIntact);
        var started2 = await client.RebuildModelAsync();
        Assert.Equal("rebuilding", started2.Status);
        var rebuild = await client.WaitForJobAsync(started2.JobId, TimeSpan.FromMilliseconds(50));
        Assert.Equal("completed", rebuild.State);
        var model = await client.GetModelAsync();
        Assert.True(model.MinimumSupport >= 1);
    }

    [Fact]
    public async Task Each_credential_goes_only_where_its_role_is_needed()
    {
        var appOnly = Client(ApiCredentials.App(ApiFactory.AppKey));
        var adminOnly = Client(ApiCredentials.Admin(ApiFactory.AdminKey));

        await Assert.ThrowsAsync<InvalidOperationException>(() => appOnly.GetModelAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => adminOnly.GetConsentAsync(NewUserId()));
        Assert.DoesNotContain(ApiFactory.AppKey, new ApiCredentials(ApiFactory.AppKey, ApiFactory.AdminKey).ToString(), StringComparison.Ordinal);

        // A user token reaches that user's privacy endpoints, nothing else.
        var user = NewUserId();
        var token = await appOnly.IssueUserTokenAsync(user);
        var browser = Client(ApiCredentials.ForUser(token.Token));
        Assert.False((await browser.GetConsentAsync(user)).IsGranted(Purposes.Personalization));
        var refused = await Assert.ThrowsAsync<PersonalizationApiException>(() => browser.GetConsentAsync(NewUserId()));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_refusal_arrives_as_the_apis_problem_without_the_user_id()
    {
        var user = "refused.person@example.com";

        var refused = await Assert.ThrowsAsync<PersonalizationApiException>(() =>
            Both.SetConsentAsync(user, new ConsentUpdate(new Dictionary<string, bool> { ["marketing"] = true }, "2026-11", "api")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(refused.Problem?.Errors);
        Assert.DoesNotContain(user, refused.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/users/{userId}/consent", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transparency_without_a_key()
    {
        var anonymous = Client(new ApiCredentials());

        var notice = await anonymous.GetPrivacyNoticeAsync();

        Assert.Contains(notice.Purposes, p => p.Id == Purposes.Personalization);
        Assert.Equal("2026-11", notice.PolicyVersion);
        Assert.True(notice.Limits.BehaviourDays > 0);
        Assert.True(await anonymous.IsReadyAsync());
    }
}

public sealed class PersonalizationClientTestsOnSqlite(SqliteApiFixture fixture) : PersonalizationClientTests<SqliteApiFixture>(fixture);

public sealed class PersonalizationClientTestsOnPostgres(PostgresApiFixture fixture) : PersonalizationClientTests<PostgresApiFixture>(fixture);
