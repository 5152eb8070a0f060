using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansPersonalization.Domain.Evaluation;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Evaluation;

/// <summary>
/// The served model measured the way a client meets it: a split fed through a running API (catalog
/// PUT, consent, every training interaction as a <c>view</c> in time order through the bulk
/// endpoint), then <c>GET .../recommendations?count=100</c> per test user with the items the user
/// already has removed, judged like the offline models. Users held out of training (a history file)
/// consent to personalization only, so they are scored but contribute nothing (fold-in).
/// </summary>
internal sealed class ApiReplay(Uri api, string appKey, string adminKey, TextWriter log)
{
    private const int Parallelism = 8;
    private const int EventsPerRequest = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(EvaluationResult Result, Dictionary<string, IReadOnlyList<string>> Lists)> RunAsync(EvaluationSplit split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        using var app = Client(appKey);
        using var admin = Client(adminKey);
        var watch = Stopwatch.StartNew();

        var items = split.Items();
        await Parallel.ForEachAsync(items, Options(cancellationToken), async (item, token) =>
            await Send(admin, HttpMethod.Put, $"v1/items/{Uri.EscapeDataString(item)}", new { category = "all", tags = Array.Empty<string>(), available = true }, token));
        log.WriteLine(FormattableString.Invariant($"catalog: {items.Count} items in {watch.Elapsed.TotalSeconds:0.0} s"));

        watch.Restart();
        var trainers = split.Train.Keys.ToList();
        var foldIn = split.Histories.Keys.Where(u => !split.Train.ContainsKey(u)).ToList();
        await Parallel.ForEachAsync(trainers, Options(cancellationToken), async (user, token) =>
            await Send(app, HttpMethod.Put, $"v1/users/{Uri.EscapeDataString(user)}/consent", Consent(modelTraining: true), token));
        await Parallel.ForEachAsync(foldIn, Options(cancellationToken), async (user, token) =>
            await Send(app, HttpMethod.Put, $"v1/users/{Uri.EscapeDataString(user)}/consent", Consent(modelTraining: false), token));
        log.WriteLine(FormattableString.Invariant($"consent: {trainers.Count} contributing and {foldIn.Count} fold-in users in {watch.Elapsed.TotalSeconds:0.0} s"));

        // In time order across users, so every user's events arrive in their own order.
        watch.Restart();
        var events = split.Train.Values.SelectMany(t => t)
            .Concat(foldIn.SelectMany(u => split.Histories[u]))
            .OrderBy(i => i.At).ThenBy(i => i.UserId, StringComparer.Ordinal)
            .ToList();
        for (var start = 0; start < events.Count; start += EventsPerRequest)
        {
            var batch = events.Skip(start).Take(EventsPerRequest).Select(i => new { userId = i.UserId, itemId = i.ItemId, type = "view" });
            await Send(app, HttpMethod.Post, "v1/events", new { events = batch }, cancellationToken);
        }

        log.WriteLine(FormattableString.Invariant($"events: {events.Count} in {watch.Elapsed.TotalSeconds:0.0} s ({events.Count / watch.Elapsed.TotalSeconds:0} per second)"));

        watch.Restart();
        var version = await SettledModelVersion(admin, trainers.Count, cancellationToken);
        log.WriteLine(FormattableString.Invariant($"model: version {version} settled after {watch.Elapsed.TotalSeconds:0.0} s"));

        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(split.Test.Keys, Options(cancellationToken), async (user, token) =>
        {
            using var response = await app.GetAsync(new Uri($"v1/users/{Uri.EscapeDataString(user)}/recommendations?count=100", UriKind.Relative), token);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
            var held = split.HistoryOf(user).Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            var top = body.RootElement.GetProperty("items").EnumerateArray()
                .Select(i => i.GetProperty("itemId").GetString()!)
                .Where(id => !held.Contains(id))
                .Take(20)
                .ToList();
            lock (lists)
            {
                lists[user] = top;
            }
        });

        var result = RankingMetrics.Evaluate(new Fetched(lists), split, items.Count, TimeSpan.Zero);
        return (result, lists);
    }

    /// <summary>Waits until the model holds every contributor and its version has stopped moving.</summary>
    private static async Task<string> SettledModelVersion(HttpClient admin, int contributors, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        string? last = null;
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            using var body = JsonDocument.Parse(await admin.GetStringAsync(new Uri("v1/admin/model", UriKind.Relative), cancellationToken));
            var version = body.RootElement.GetProperty("modelVersion").GetString();
            var held = body.RootElement.GetProperty("contributors").GetInt64();

            // A version can stand still for a while with the dense head still being solved (seconds on
            // a busy machine): settled means every contributor is in, and the dense model holds them.
            var denseBehind = !body.RootElement.GetProperty("dense").GetProperty("current").GetBoolean();
            if (version != last || held < contributors || denseBehind)
            {
                (last, stableSince) = (version, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(5))
            {
                return version!;
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException("The model did not settle within 10 minutes.");
    }

    private static object Consent(bool modelTraining) => new
    {
        purposes = new Dictionary<string, bool> { ["personalization"] = true, ["modelTraining"] = modelTraining },
        policyVersion = "2026-11",
        source = "import",
    };

    private static async Task Send(HttpClient client, HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, options: Json) };
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"{method} {path}: {(int)response.StatusCode} {problem}"));
        }
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) => new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    private sealed class Fetched(Dictionary<string, IReadOnlyList<string>> lists) : IOfflineRecommender
    {
        public string Name => "served (api)";

        public IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count) => lists[user];
    }
}
