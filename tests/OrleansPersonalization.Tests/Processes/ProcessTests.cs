using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>The API as a real process on Kestrel: crash durability and raw request-target handling.</summary>
public class ProcessTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P7_acknowledged_consent_events_and_erasures_survive_kill_9(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var users = Enumerable.Range(0, 20).Select(i => $"crash-user-{i}@example.com").ToList();
        using (var api = await ApiProcess.StartAsync(store))
        {
            using var app = api.Client(ApiFactory.AppKey);

            // Several concurrent clients; every acknowledged answer is a promise.
            await Task.WhenAll(users.Select(async (user, i) =>
            {
                await app.Grant(user, personalization: true, modelTraining: i % 2 == 0).ExpectJson(HttpStatusCode.OK);
                await app.PostJson(Http.User(user) + "/events", new { itemId = $"k-{i}", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
                if (i % 4 == 0)
                {
                    await app.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);
                }
                else if (i % 4 == 1)
                {
                    await app.Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);
                }
            }));

            api.KillHard();
        }

        using var restarted = await ApiProcess.StartAsync(store);
        using var again = restarted.Client(ApiFactory.AppKey);
        for (var i = 0; i < users.Count; i++)
        {
            var export = await again.GetAsync(Http.User(users[i]) + "/data").ExpectJson(HttpStatusCode.OK);
            var granted = export["consent"]!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>();
            switch (i % 4)
            {
                case 0:
                    Assert.Empty(export["consent"]!["history"]!.AsArray());
                    Assert.Empty(export["events"]!.AsArray());
                    break;
                case 1:
                    Assert.False(granted);
                    Assert.Empty(export["events"]!.AsArray());
                    break;
                default:
                    Assert.True(granted);
                    Assert.Equal($"k-{i}", Assert.Single(export["events"]!.AsArray())!["itemId"]!.GetValue<string>());
                    Assert.Equal(i % 2 == 0, export["consent"]!["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>());
                    break;
            }
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task User_ids_with_encoded_slashes_and_percent_signs_are_distinct_users(StoreKind kind)
    {
        using var store = new TestStore(kind);
        using var api = await ApiProcess.StartAsync(store);
        using var app = api.Client(ApiFactory.AppKey);
        string[] ids = ["tenant/42", "tenant%2F42", "tenant%252F42", "tenant 42"];

        await app.Grant(ids[0]).ExpectJson(HttpStatusCode.OK);

        var granted = new List<bool>();
        foreach (var id in ids)
        {
            var consent = await app.GetAsync(Http.User(id) + "/consent").ExpectJson(HttpStatusCode.OK);
            granted.Add(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        }

        Assert.Equal([true, false, false, false], granted);
    }
}
