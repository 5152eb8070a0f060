using System.Net;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public abstract class ConsentApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task Every_purpose_is_off_for_a_new_user()
    {
        var consent = await App.GetAsync(Http.User(NewUserId()) + "/consent").ExpectJson(HttpStatusCode.OK);

        foreach (var purpose in new[] { "personalization", "modelTraining" })
        {
            Assert.False(consent["purposes"]![purpose]!["granted"]!.GetValue<bool>());
            Assert.Null(consent["purposes"]![purpose]!["at"]);
            Assert.Null(consent["purposes"]![purpose]!["policyVersion"]);
        }
    }

    [Fact]
    public async Task A_grant_is_returned_with_its_time_and_policy_and_a_purpose_left_out_keeps_its_value()
    {
        var user = NewUserId();
        await App.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);

        var consent = await App.PutJson(Http.User(user) + "/consent", new { purposes = new { modelTraining = false }, policyVersion = "2026-12" })
            .ExpectJson(HttpStatusCode.OK);

        Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.Equal("2026-11", consent["purposes"]!["personalization"]!["policyVersion"]!.GetValue<string>());
        Assert.False(consent["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>());
        Assert.Equal("2026-12", consent["purposes"]!["modelTraining"]!["policyVersion"]!.GetValue<string>());
        Assert.NotNull(consent["purposes"]!["modelTraining"]!["at"]);
        var again = await App.GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(consent.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public async Task P1_events_without_consent_are_dropped_not_kept_for_later()
    {
        var user = NewUserId();

        var outcome = await App.PostJson(Http.User(user) + "/events", new { itemId = "i1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        await App.Grant(user);

        Assert.False(outcome["recorded"]!.GetValue<bool>());
        Assert.Equal("no-consent", outcome["reason"]!.GetValue<string>());
        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(export["events"]!.AsArray());
    }

    [Fact]
    public async Task P2_withdrawal_deletes_stored_behaviour_and_the_next_recommendation_is_not_personalized()
    {
        var user = NewUserId();
        var category = await NewCategory(3);
        await App.Grant(user);
        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
        Assert.Contains($"{category}-1", await StoredState(user));
        Assert.True((await App.GetAsync(Http.User(user) + "/recommendations").ExpectJson(HttpStatusCode.OK))["personalized"]!.GetValue<bool>());

        await App.Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);

        Assert.DoesNotContain($"{category}-1", await StoredState(user));
        var recommendations = await App.GetAsync(Http.User(user) + "/recommendations").ExpectJson(HttpStatusCode.OK);
        Assert.False(recommendations["personalized"]!.GetValue<bool>());
        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(export["events"]!.AsArray());
        Assert.Equal(2, export["consent"]!["history"]!.AsArray().Count(h => h!["purpose"]!.GetValue<string>() == "personalization"));
    }

    [Fact]
    public async Task P2_withdrawing_model_training_removes_the_contribution_from_the_shared_model()
    {
        var user = NewUserId();
        var category = await NewCategory(2);
        await App.Grant(user, personalization: true, modelTraining: true);
        var initial = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        await App.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-2", type = "view" }).ExpectJson(HttpStatusCode.Accepted);

        // The addition follows the acknowledged event in the background; the withdrawal below does not.
        var before = await Eventually.Until(
            () => Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK),
            m => m["contributors"]!.GetValue<long>() > initial["contributors"]!.GetValue<long>());

        await App.Grant(user, personalization: true, modelTraining: false);

        var after = await Admin.GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(before["interactions"]!.GetValue<long>() - 1, after["interactions"]!.GetValue<long>());
        Assert.Equal(before["contributors"]!.GetValue<long>() - 1, after["contributors"]!.GetValue<long>());
        var export = await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(export["modelContributions"]!["items"]!.AsArray());
    }
}

public sealed class ConsentApiTestsOnSqlite(SqliteApiFixture fixture) : ConsentApiTests<SqliteApiFixture>(fixture);

public sealed class ConsentApiTestsOnPostgres(PostgresApiFixture fixture) : ConsentApiTests<PostgresApiFixture>(fixture);
