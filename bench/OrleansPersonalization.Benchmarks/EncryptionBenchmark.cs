using System.Globalization;
using System.Net.Http.Json;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Benchmarks;

/// <summary>
/// What encryption at rest costs: the same load and measurements on two hosts in one run, one
/// sealing every user's state with the user's own key (the product) and one with
/// <c>Protection:EncryptAtRest=false</c> (for this comparison only), each next to an empty grain call.
/// Usage: dotnet run -c Release --project bench/OrleansPersonalization.Benchmarks -- --encryption [--users 20000] ...
/// </summary>
internal static class EncryptionBenchmark
{
    public static async Task RunAsync(int users, int items, int categories, int eventsPerUser, TimeSpan duration, int callers)
    {
        var rows = new List<string>();
        foreach (var encrypted in new[] { true, false })
        {
            await using var host = await BenchmarkHost.StartAsync(new Dictionary<string, string?>
            {
                ["Protection:EncryptAtRest"] = encrypted ? "true" : "false",
                ["Ranking:Enabled"] = "false",
            });
            var grains = host.Grains;
            var load = await BenchmarkLoad.IntoAsync(host, users, items, categories, eventsPerUser);
            var histories = load.Histories;
            var keys = load.Keys;
            var itemIds = load.Catalog.Select(c => c.ItemId).ToArray();
            var label = encrypted ? "encrypted" : "not encrypted";

            var empties = Enumerable.Range(0, 1000).Select(i => grains.GetGrain<IEmptyGrain>($"e{i}")).ToArray();
            await LatencyRecorder.MeasureAsync("warm-up", callers, TimeSpan.FromSeconds(3), r => grains.GetGrain<IUserGrain>(keys[r.Next(keys.Length)]).Recommend(10, null));
            var empty = await LatencyRecorder.MeasureAsync($"empty grain call ({label} host)", callers, duration, r => empties[r.Next(empties.Length)].Ping());
            var recommend = await LatencyRecorder.MeasureAsync($"recommendations, grain ({label})", callers, duration,
                r => grains.GetGrain<IUserGrain>(keys[r.Next(keys.Length)]).Recommend(10, null));
            var record = await LatencyRecorder.MeasureAsync($"one event, grain ({label})", callers, duration,
                r => grains.GetGrain<IUserGrain>(keys[r.Next(keys.Length)]).RecordEvents([new BehaviourEvent(itemIds[r.Next(itemIds.Length)], EventType.View, DateTimeOffset.UtcNow)]));
            using var http = host.Client(callers);
            var post = await LatencyRecorder.MeasureAsync($"POST .../events over HTTP ({label})", callers, duration, async r =>
            {
                using var response = await http.PostAsJsonAsync(
                    new Uri($"/v1/users/{histories[r.Next(histories.Count)].Id}/events", UriKind.Relative),
                    new { itemId = itemIds[r.Next(itemIds.Length)], type = "view" });
                response.EnsureSuccessStatusCode();
            });

            // Activating a user reads and opens their state: each call here goes to a user not yet active again.
            await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var next = -1;
            var cold = await LatencyRecorder.MeasureAsync($"activation of a stored user ({label})", callers, TimeSpan.FromSeconds(2),
                _ => grains.GetGrain<IUserGrain>(keys[Interlocked.Increment(ref next) % keys.Length]).GetConsent());
            rows.AddRange([empty.Row(null), recommend.Row(empty), record.Row(empty), post.Row(empty), cold.Row(empty)]);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            ## Encryption at rest: cost on the recommendation and event paths
            {users:N0} users, {items:N0} items, {callers} concurrent callers, {duration.TotalSeconds:0} s per measurement, {Environment.ProcessorCount} cores.

            | operation | calls/s | p50 µs | p99 µs | p99.9 µs | vs the empty call (p50 / p99) | in GC pauses |
            |---|---|---|---|---|---|---|
            {string.Join(Environment.NewLine, rows)}
            """));
    }
}
