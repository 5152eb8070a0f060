using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>Access, portability and erasure through HTTP.</summary>
public abstract class DataSubjectRightsApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task P8_the_export_holds_everything_the_store_holds_about_the_user()
    {
        var user = NewUserId();
        var category = await NewCategory(2);
        await App.Grant(user, personalization: true, modelTraining: true);
        await App.PutJson(Http.User(user) + "/profile", new { ageBand = "35-44", country = "AT", interests = new[] { category } }).ExpectJson(HttpStatusCode.OK);
        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "click" }).ExpectJson(HttpStatusCode.Accepted);

        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);

        Assert.True(export["consent"]!["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>());
        Assert.Equal(2, export["consent"]!["history"]!.AsArray().Count);
        Assert.Equal("AT", export["profile"]!["country"]!.GetValue<string>());
        Assert.Equal($"{category}-1", export["events"]![0]!["itemId"]!.GetValue<string>());
        Assert.Equal($"{category}-1", export["modelContributions"]!["items"]![0]!.GetValue<string>());
        Assert.Equal(1.0, export["derived"]!["categoryAffinity"]![category]!.GetValue<double>());
        Assert.Equal(30, export["retention"]!["behaviourDays"]!.GetValue<int>());
        Assert.Equal(2, export["purposes"]!.AsArray().Count);
        Assert.Contains(export["auditTrail"]!.AsArray(), a => a!["kind"]!.GetValue<string>() == "consent-change");

        // Every value in the stored row appears in the export.
        var row = (await StoredState(user))!;
        var subject = export["subjectDigest"]!.GetValue<string>();
        var eventId = export["events"]![0]!["eventId"]!.GetValue<string>();
        foreach (var value in new[] { "35-44", "AT", category, $"{category}-1", "click", "2026-11", "settings-page", subject, eventId })
        {
            Assert.Contains(value, row, StringComparison.Ordinal);
            Assert.Contains(value, export.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_export_can_be_downloaded_as_a_file()
    {
        using var response = await App.GetAsync(Http.User(NewUserId()) + "/data?download=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task P6_erasure_removes_every_trace_and_the_same_id_starts_as_a_new_user()
    {
        var user = NewUserId();
        var category = await NewCategory(1);
        await App.Grant(user, personalization: true, modelTraining: true);
        await App.PutJson(Http.User(user) + "/profile", new { country = "DE" }).ExpectJson(HttpStatusCode.OK);
        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        var modelBefore = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        var key = KeyOf(user);

        var receipt = await App.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);

        Assert.False(string.IsNullOrEmpty(receipt["receiptId"]!.GetValue<string>()));
        Assert.NotNull(receipt["erasedAt"]);
        Assert.Equal(["consent", "profile", "events", "modelContributions", "keys"], receipt["erased"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.All(Store.RowsMentioning(key), table => Assert.True(table.Value == 0, $"{table.Key} still has {table.Value} row(s) of the user"));
        Assert.DoesNotContain(Store.AllCells(), c => c.Contains(key, StringComparison.Ordinal));
        Assert.False(Store.FilesContain(key));
        Assert.Null(await Factory.Services.GetRequiredService<OrleansPersonalization.Storage.IUserKeyStore>().FindAsync(key));
        var modelAfter = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(modelBefore["interactions"]!.GetValue<long>() - 1, modelAfter["interactions"]!.GetValue<long>());

        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(export["events"]!.AsArray());
        Assert.Empty(export["consent"]!["history"]!.AsArray());
        Assert.Null(export["profile"]);
        Assert.Empty(export["modelContributions"]!["items"]!.AsArray());
        var outcome = await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        Assert.False(outcome["recorded"]!.GetValue<bool>());

        var audit = await Admin.GetAsync($"/v1/admin/audit?kind=erasure&receipt={receipt["receiptId"]!.GetValue<string>()}").ExpectJson(HttpStatusCode.OK);
        var line = Assert.Single(audit["events"]!.AsArray())!;
        Assert.Equal("app", line["actorRole"]!.GetValue<string>());
        Assert.Contains(receipt["receiptId"]!.GetValue<string>(), line["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_is_idempotent()
    {
        var user = NewUserId();
        await App.Grant(user);

        var first = await App.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);
        var second = await App.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);

        Assert.NotEqual(first["receiptId"]!.GetValue<string>(), second["receiptId"]!.GetValue<string>());
        Assert.Null(UserRow(user));
    }

    [Fact]
    public async Task Unicode_and_reserved_characters_in_user_ids_are_distinct_users()
    {
        // Encoded slashes need the raw request target, which only a real server has: see the process tests.
        await App.Grant("Jürgen Müller ✓").ExpectJson(HttpStatusCode.OK);

        var similar = await App.GetAsync(Http.User("Jurgen Muller ✓") + "/consent").ExpectJson(HttpStatusCode.OK);
        var own = await App.GetAsync(Http.User("Jürgen Müller ✓") + "/consent").ExpectJson(HttpStatusCode.OK);
        var query = await App.GetAsync(Http.User("a?b#c") + "/consent").ExpectJson(HttpStatusCode.OK);

        Assert.False(similar["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.True(own["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.False(query["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
    }
}

public sealed class DataSubjectRightsApiTestsOnSqlite(SqliteApiFixture fixture) : DataSubjectRightsApiTests<SqliteApiFixture>(fixture);

public sealed class DataSubjectRightsApiTestsOnPostgres(PostgresApiFixture fixture) : DataSubjectRightsApiTests<PostgresApiFixture>(fixture);
