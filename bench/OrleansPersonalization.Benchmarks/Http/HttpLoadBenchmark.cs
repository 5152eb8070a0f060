using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OrleansPersonalization.Client;
using OrleansPersonalization.Client.Models;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Benchmarks.Http;

/// <summary>
/// The product measured from outside, as issue 11 states it: the API in its own process (embedded
/// default, durable store), loaded through its own endpoints with generated users, items and
/// behaviour, then one wrk run per row next to <c>GET /health/live</c> in the same run.
/// Usage: dotnet run -c Release --project bench/OrleansPersonalization.Benchmarks -- --http
///   [--users 50000] [--items 10000] [--categories 100] [--events 30] [--seconds 15] [--connections 16]
/// </summary>
internal static class HttpLoadBenchmark
{
    private const int Threads = 2;

    /// <summary>Users who consent to personalization only: their consent changes never move the shared model.</summary>
    private const string ConsentPrefix = "consent-";

    /// <param name="silos">0: the embedded default; otherwise cluster mode with this many silo processes on PostgreSQL and the API as a client tier.</param>
    public static async Task RunAsync(int users, int items, int categories, int eventsPerUser, TimeSpan duration, int connections, IReadOnlySet<string> only, int silos = 0)
    {
        bool Runs(string row) => only.Count == 0 || only.Contains(row);
        var consentUsers = Math.Max(1000, users / 5);

        // Before minutes of loading, not after them.
        Wrk.EnsureInstalled();
        using var cluster = silos > 0 ? await ClusterUnderTest.StartAsync(silos) : null;
        using var api = await ApiUnderTest.StartAsync(cluster?.ApiSettings);
        if (cluster is not null)
        {
            Console.WriteLine($"cluster mode: {silos} silo processes ({string.Join(", ", cluster.SiloProcessIds)}) on a throwaway PostgreSQL, the API as a client tier");
        }

        Console.WriteLine($"API process {api.ProcessId} on {api.BaseAddress}; loading {users:N0} users, {items:N0} items, about {users * eventsPerUser:N0} events through the API");
        // Loading goes through the typed client, as an application would; the measured rows are wrk's.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(api.BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
        var client = new PersonalizationClient(http, new ApiCredentials(ApiUnderTest.AppKey, ApiUnderTest.AdminKey));

        // The catalog as an import: one batch of every item.
        var synthetic = new SyntheticOptions { Users = users, Items = items, Categories = categories, MeanSessionsPerUser = eventsPerUser / 5.0, MeanEventsPerSession = 5, Seed = 1 };
        var catalog = SyntheticData.Catalog(synthetic);
        var clock = Stopwatch.StartNew();
        foreach (var batch in catalog.Chunk(10_000))
        {
            await client.UpsertItemsAsync([.. batch.Select(i => new BatchItem(i.ItemId, i.Category, []))]);
        }

        var catalogTime = clock.Elapsed;

        // Consent for everybody, from 32 concurrent clients.
        clock.Restart();
        var training = new ConsentUpdate(new Dictionary<string, bool> { [Purposes.Personalization] = true, [Purposes.ModelTraining] = true }, "2026-11", "settings-page");
        await Parallel.ForEachAsync(Enumerable.Range(1, users), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (u, token) =>
            await client.SetConsentAsync($"load-{u}", training, token));
        var consentTime = clock.Elapsed;
        var personalizationOnly = new ConsentUpdate(new Dictionary<string, bool> { [Purposes.Personalization] = true, [Purposes.ModelTraining] = false }, "2026-11", "settings-page");
        await Parallel.ForEachAsync(Enumerable.Range(1, consentUsers), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (u, token) =>
            await client.SetConsentAsync($"{ConsentPrefix}{u}", personalizationOnly, token));

        // Behaviour through the bulk endpoint, 1,000 events a request, 8 requests in flight.
        var now = DateTimeOffset.UtcNow;
        var consentSynthetic = synthetic with { Users = consentUsers, MeanSessionsPerUser = 1, Seed = 2 };
        var interactions = SyntheticData.Interactions(synthetic, catalog, now).GroupBy(i => i.UserId).SelectMany(g => g.Take(eventsPerUser))
            .Select(i => i with { UserId = "load-" + i.UserId[1..] })
            .Concat(SyntheticData.Interactions(consentSynthetic, catalog, now).Select(i => i with { UserId = ConsentPrefix + i.UserId[1..] }))
            .Select(i => new BulkEvent(
                i.UserId,
                i.ItemId,
                i.Type.ToString().ToLowerInvariant() is "addtocart" ? "addToCart" : i.Type.ToString().ToLowerInvariant(),
                i.At,
                i.Type == Domain.Behaviour.EventType.Rating ? i.Rating : null))
            .ToList();
        clock.Restart();
        await Parallel.ForEachAsync(interactions.Chunk(1_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, token) =>
            await client.RecordEventsAsync(batch, token));
        var eventsTime = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded: catalog of {items:N0} items in one PUT /v1/items: {catalogTime.TotalMilliseconds:N0} ms; consent for {users:N0} users: {users / consentTime.TotalSeconds:N0}/s; " +
            $"{interactions.Count:N0} events through POST /v1/events: {interactions.Count / eventsTime.TotalSeconds:N0} events/s"));

        await WaitForModelAsync(client);

        var rows = new List<WrkResult>();
        async Task<WrkResult> Row(string name, string script)
        {
            // Each row starts on a settled model: the writes of the row before leave the model
            // re-solving and publishing for seconds, which would otherwise be charged to this row.
            await WaitForModelAsync(client);
            var result = await Wrk.RunAsync(name, api.BaseAddress, script, connections, duration, Threads);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {result.RequestsPerSecond:N0}/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, max {result.MaxMs:N0} ms, {result.Errors} errors ({result.Timeouts} timeouts) of {result.Requests:N0}"));
            rows.Add(result);
            return result;
        }

        await Wrk.RunAsync("warm-up", api.BaseAddress, LuaScripts.Get("/health/live"), connections, TimeSpan.FromSeconds(3), Threads);
        var live = await Row("GET /health/live", LuaScripts.Get("/health/live"));
        if (Runs("recommendations"))
        {
            await Row("GET /v1/users/{id}/recommendations?count=10", LuaScripts.Recommendations(users, items, ApiUnderTest.AppKey));
        }

        if (Runs("events"))
        {
            await Row("POST /v1/users/{id}/events (one event)", LuaScripts.SingleEvents(users, items, ApiUnderTest.AppKey));
        }

        if (Runs("consent"))
        {
            await Row("PUT /v1/users/{id}/consent: personalization on/off (every request a change)",
                LuaScripts.ConsentChanges(ConsentPrefix, "personalization", "\"modelTraining\":false", consentUsers, items, Threads, ApiUnderTest.AppKey));
        }

        if (Runs("training"))
        {
            await Row("PUT /v1/users/{id}/consent: modelTraining on/off (each withdrawal an exact unlearning step)",
                LuaScripts.ConsentChanges("load-", "modelTraining", "\"personalization\":true", users, items, Threads, ApiUnderTest.AppKey));
        }

        if (Runs("items"))
        {
            await Row("PUT /v1/items/{id}", LuaScripts.ItemChanges(users, items, categories, ApiUnderTest.AdminKey));
        }

        var liveAfter = await Row("GET /health/live (again, after the writes)", LuaScripts.Get("/health/live"));

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrk -t{Threads} -c{connections} -d{duration.TotalSeconds:0}s, {users:N0} users x {items:N0} items, {interactions.Count:N0} events loaded; ratios against the first /health/live row"));
        Console.WriteLine("| operation | per second | p50 | p99 | max | errors | throughput vs live | p99 vs live |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.RequestsPerSecond:N0} | {row.P50Ms:0.00} ms | {row.P99Ms:0.00} ms | {row.MaxMs:N0} ms | {row.Errors} | {row.RequestsPerSecond / live.RequestsPerSecond:0.00}× | {row.P99Ms / live.P99Ms:0.0}× |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| POST /v1/events (bulk, 1,000 per request, 8 in flight, during load) | {interactions.Count / eventsTime.TotalSeconds:N0} events | | | | | | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| PUT /v1/items ({items:N0} items in one batch, during load) | {catalogTime.TotalMilliseconds:N0} ms | | | | | | |"));
        _ = liveAfter;
    }

    /// <summary>The model's first solve after a load takes the cores for seconds; the rows wait for it.</summary>
    private static async Task WaitForModelAsync(PersonalizationClient admin)
    {
        var waited = Stopwatch.StartNew();
        string? last = null;
        var stableSince = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            var model = await admin.GetModelAsync();
            var version = model.ModelVersion;
            if (version != last)
            {
                (last, stableSince) = (version, Stopwatch.StartNew());
            }

            if (model.Dense.Current && stableSince.Elapsed > TimeSpan.FromSeconds(5))
            {
                Console.WriteLine($"model settled after {waited.Elapsed.TotalSeconds:0} s: {JsonSerializer.Serialize(model, PersonalizationClient.Json)}");
                return;
            }

            await Task.Delay(1000);
        }

        Console.WriteLine("the model did not settle within 5 minutes; measuring anyway");
    }
}
