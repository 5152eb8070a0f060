using System.Globalization;
using System.Net;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

public abstract class EventsApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task A_consented_event_is_recorded_with_server_time_when_at_is_left_out()
    {
        var user = NewUserId();
        await App.Grant(user);

        var outcome = await App.PostJson(Http.User(user) + "/events", new { itemId = "e-1", type = "addToCart" }).ExpectJson(HttpStatusCode.Accepted);

        Assert.True(outcome["recorded"]!.GetValue<bool>());
        Assert.Null(outcome["reason"]);
        var events = (await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        var recorded = Assert.Single(events)!;
        Assert.Equal("addToCart", recorded["type"]!.GetValue<string>());
        Assert.Equal(Factory.Clock.GetUtcNow(), recorded["at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Ratings_carry_their_value_and_past_times_are_kept()
    {
        var user = NewUserId();
        await App.Grant(user);
        var at = Factory.Clock.GetUtcNow().AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        await App.PostJson(Http.User(user) + "/events", new { itemId = "e-2", type = "rating", value = 4.5, at }).ExpectJson(HttpStatusCode.Accepted);

        var recorded = (await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK))["events"]![0]!;
        Assert.Equal(4.5, recorded["value"]!.GetValue<double>());
        Assert.Equal(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), recorded["at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task An_event_older_than_the_retention_period_is_not_kept()
    {
        var user = NewUserId();
        await App.Grant(user);
        var at = Factory.Clock.GetUtcNow().AddDays(-31).ToString("O", CultureInfo.InvariantCulture);

        var outcome = await App.PostJson(Http.User(user) + "/events", new { itemId = "e-3", type = "view", at }).ExpectJson(HttpStatusCode.Accepted);

        Assert.False(outcome["recorded"]!.GetValue<bool>());
        Assert.Equal("outside-retention", outcome["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bulk_ingestion_counts_recorded_and_dropped_events_per_consent()
    {
        var consenting = NewUserId();
        var silent = NewUserId();
        await App.Grant(consenting);

        var outcome = await App.PostJson("/v1/events", new
        {
            events = new object[]
            {
                new { userId = consenting, itemId = "b-1", type = "view" },
                new { userId = consenting, itemId = "b-2", type = "click" },
                new { userId = silent, itemId = "b-1", type = "view" },
            },
        }).ExpectJson(HttpStatusCode.Accepted);

        Assert.Equal(2, outcome["recorded"]!.GetValue<int>());
        Assert.Equal(1, outcome["dropped"]!.GetValue<int>());
        Assert.Null(UserRow(silent));
    }

    [Fact]
    public async Task One_bad_event_rejects_the_whole_batch_and_records_nothing()
    {
        var user = NewUserId();
        await App.Grant(user);
        var before = Store.Snapshot();

        var problem = await App.PostJson("/v1/events", new
        {
            events = new object[]
            {
                new { userId = user, itemId = "ok-1", type = "view" },
                new { userId = user, itemId = "ok-2", type = "teleport" },
            },
        }).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["events[1].type"]);
        Assert.Equal(before, Store.Snapshot());
    }

    [Fact]
    public async Task More_than_a_thousand_events_are_refused()
    {
        var events = Enumerable.Range(0, 1001).Select(i => new { userId = "u", itemId = "i", type = "view" }).ToArray();

        await App.PostJson("/v1/events", new { events }).ExpectProblem(HttpStatusCode.BadRequest);
    }
}

public sealed class EventsApiTestsOnSqlite(SqliteApiFixture fixture) : EventsApiTests<SqliteApiFixture>(fixture);

public sealed class EventsApiTestsOnPostgres(PostgresApiFixture fixture) : EventsApiTests<PostgresApiFixture>(fixture);
