using System.Net;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The contract's own limits are reachable (1,000 events with realistic ids fit the bulk body
/// limit), and ingestion is idempotent: an event delivered twice with the same <c>eventId</c> is
/// recorded once, also within one bulk request.
/// </summary>
public abstract class EventIngestionLimitsTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task A_bulk_request_of_the_stated_maximum_with_uuid_ids_and_full_timestamps_is_accepted()
    {
        var users = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var user in users.Take(10))
        {
            await App.Grant(user).ExpectJson(HttpStatusCode.OK);
        }

        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var events = Enumerable.Range(0, 1_000).Select(i => new
        {
            userId = users[i % users.Count],
            itemId = "item-" + Guid.NewGuid().ToString(),
            type = "addToCart",
            at = now.AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            eventId = Guid.NewGuid().ToString(),
        }).ToList();
        using var body = Http.Json(new { events });
        Assert.True(await body.ReadAsStringAsync() is { Length: > 200_000 }, "the body is larger than 64 KiB by far");

        var outcome = await App.PostAsync("/v1/events", body).ExpectJson(HttpStatusCode.Accepted);

        Assert.Equal(100, outcome["recorded"]!.GetValue<int>());
        Assert.Equal(900, outcome["dropped"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_event_id_is_recorded_once_however_often_and_however_it_arrives()
    {
        var user = NewUserId();
        await App.Grant(user).ExpectJson(HttpStatusCode.OK);
        var single = new { itemId = "dup-1", type = "view", eventId = "evt-1" };

        var first = await App.PostJson(Http.User(user) + "/events", single).ExpectJson(HttpStatusCode.Accepted);
        var replay = await App.PostJson(Http.User(user) + "/events", single).ExpectJson(HttpStatusCode.Accepted);
        await App.PostJson("/v1/events", new
        {
            events = new[]
            {
                new { userId = user, itemId = "dup-1", type = "view", eventId = "evt-1" },
                new { userId = user, itemId = "dup-2", type = "view", eventId = "evt-2" },
                new { userId = user, itemId = "dup-2", type = "view", eventId = "evt-2" },
            },
        }).ExpectJson(HttpStatusCode.Accepted);
        await App.PostJson(Http.User(user) + "/events", new { itemId = "dup-3", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        await App.PostJson(Http.User(user) + "/events", new { itemId = "dup-3", type = "view" }).ExpectJson(HttpStatusCode.Accepted);

        Assert.True(first["recorded"]!.GetValue<bool>());
        Assert.True(replay["recorded"]!.GetValue<bool>());
        var events = (await App.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.Equal(["dup-1", "dup-2", "dup-3", "dup-3"], events.Select(e => e!["itemId"]!.GetValue<string>()).Order());
        Assert.Equal(["evt-1", "evt-2"], events.Select(e => e!["eventId"]!.GetValue<string>()).Where(id => id.StartsWith("evt", StringComparison.Ordinal)).Order());
    }
}

public sealed class EventIngestionLimitsTestsOnSqlite(SqliteApiFixture fixture) : EventIngestionLimitsTests<SqliteApiFixture>(fixture);

public sealed class EventIngestionLimitsTestsOnPostgres(PostgresApiFixture fixture) : EventIngestionLimitsTests<PostgresApiFixture>(fixture);
