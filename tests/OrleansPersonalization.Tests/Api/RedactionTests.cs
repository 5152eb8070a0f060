using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// Log and telemetry redaction: a whole lifecycle with every log level on leaves no raw user id,
/// no item of anyone's history and no profile value in any log line, exception or metric label —
/// also where code logs a classified value, which the redactor erases on the way out.
/// </summary>
public class RedactionTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task No_personal_data_reaches_a_log_line_an_exception_or_a_metric_label(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var logs = new CapturedLogs();
        var tags = new ConcurrentQueue<string>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
        meters.SetMeasurementEventCallback<long>((_, _, labels, _) => Collect(labels, tags));
        meters.SetMeasurementEventCallback<int>((_, _, labels, _) => Collect(labels, tags));
        meters.SetMeasurementEventCallback<double>((_, _, labels, _) => Collect(labels, tags));
        meters.Start();

        await using var factory = new ApiFactory(store, logs: logs, minimumLevel: LogLevel.Trace);
        var app = factory.App();
        var admin = factory.Admin();
        var tag = Guid.NewGuid().ToString("N")[..10];
        string[] users = [$"Redact.Me+{tag}@example.org", $"acct-{tag}"];
        string[] history = [$"hist-{tag}-a", $"hist-{tag}-b"];
        await admin.PutJson("/v1/items/red-1", new { category = "jazz" }).ExpectJson(HttpStatusCode.OK);
        foreach (var user in users)
        {
            await app.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await app.PutJson(Http.User(user) + "/profile", new { country = "PT", language = "pt", ageBand = "35-44", interests = new[] { "jazz" } }).ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(user) + "/events", new { itemId = history[0], type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
            await app.PostJson("/v1/events", new { events = new[] { new { userId = user, itemId = history[1], type = "view" } } }).ExpectJson(HttpStatusCode.Accepted);
            await app.GetAsync(Http.User(user) + "/recommendations").ExpectJson(HttpStatusCode.OK);
            await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(user) + "/events", new { itemId = history[0], type = "rating", value = 9 }).ExpectProblem(HttpStatusCode.BadRequest);
        }

        await app.DeleteAsync(Http.User(users[0])).ExpectJson(HttpStatusCode.OK);
        await admin.PostJson("/v1/admin/erasures", new { userIds = new[] { users[1] }, reason = "ticket" }).ExpectJson(HttpStatusCode.Accepted);
        await Task.Delay(500);
        meters.RecordObservableInstruments();

        var lines = logs.Lines.ToList();
        // Pseudonymous keys may appear (Orleans traces grain ids); raw ids and behaviour may not.
        var forbidden = users.Concat(users.Select(Uri.EscapeDataString)).Concat(history).ToList();
        Assert.True(lines.Count > 100, "The scan needs a verbose log to mean anything.");
        Assert.NotEmpty(tags);
        foreach (var value in forbidden)
        {
            var leak = lines.FirstOrDefault(l => l.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"A log line holds personal data: {leak}");
            var label = tags.FirstOrDefault(t => t.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.True(label is null, $"A metric label holds personal data: {label}");
        }

        // Profile values are short codes, so they are looked for as whole logged values.
        Assert.DoesNotContain(logs.Values, v => v.Value is "PT" or "pt" or "35-44");

        // The code does log classified values at Debug and Trace; they arrive erased.
        var profileSet = logs.Values.Where(v => v.EventId == 1015).ToList();
        var eventsRecorded = logs.Values.Where(v => v.EventId == 1016).ToList();
        Assert.Contains(profileSet, v => v.Name == "Country" && v.Value.Length == 0);
        Assert.Contains(eventsRecorded, v => v.Name == "ItemId" && v.Value.Length == 0);
        Assert.True(eventsRecorded.Any(v => v.Name == "SubjectDigest" && v.Value.Length == 32), string.Join("\n", lines.Where(l => l.Contains("recorded", StringComparison.Ordinal)).Take(3)));
    }

    private static void Collect(ReadOnlySpan<KeyValuePair<string, object?>> labels, ConcurrentQueue<string> tags)
    {
        foreach (var (name, value) in labels)
        {
            tags.Enqueue($"{name}={value}");
        }
    }
}
