using OrleansPersonalization.Client;
using System.Globalization;
using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using OrleansPersonalization.Tools.Import;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The import tool against the real API in process: what it loads is there with its consent basis;
/// what it refuses (outside retention) and skips (the API's rules) is counted, never silently lost.
/// </summary>
public sealed class ImportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "op-import-" + Guid.NewGuid().ToString("N"));

    public ImportTests() => Directory.CreateDirectory(_directory);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_catalog_and_interactions_are_loaded_with_consent_and_every_refusal_is_counted(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var now = factory.Clock.GetUtcNow();
        var catalog = Write("items.csv", """
            itemId,category,tags,available
            jazz-1,jazz,live;vinyl,true
            jazz-2,jazz,,
            rock-1,ROCK,,true
            bad item,jazz,,true
            jazz-1,jazz,,true
            pop-1,Pop Music,,true
            """);
        string At(TimeSpan ago) => (now - ago).ToString("O", CultureInfo.InvariantCulture);
        var interactions = Write("events.csv", $"""
            userId,itemId,type,at,value
            Ann@example.com,jazz-1,view,{At(TimeSpan.FromDays(2))},
            Ann@example.com,jazz-2,rating,{At(TimeSpan.FromDays(1))},4.5
            bob,rock-1,purchase,{At(TimeSpan.FromHours(3))},
            bob,rock-1,view,{At(TimeSpan.FromDays(400))},
            bob,jazz-1,like,{At(TimeSpan.FromDays(1))},
            carol,jazz-1,rating,{At(TimeSpan.FromDays(1))},
            carol,jazz-2,view,{At(TimeSpan.FromDays(-3))},
            """);
        using var http = factory.CreateClient();
        var client = new PersonalizationClient(http, new ApiCredentials(ApiFactory.AppKey, ApiFactory.AdminKey));
        var output = new StringWriter();

        var report = await new Importer(client, output, interactive: false).RunAsync(
            new ImportSettings(new FileInfo(catalog), new FileInfo(interactions), InteractionsFormat.Csv, "2026-11", ModelTraining: true, TimestampMode.Keep, null),
            factory.Clock, CancellationToken.None);

        Assert.Equal(3, report.Items);
        Assert.Equal(2, report.Users);
        Assert.Equal(3, report.EventsSent);
        Assert.Equal(3, report.EventsRecorded);
        Assert.Equal(0, report.EventsDropped);
        Assert.Equal(1, report.RefusedOutsideRetention);
        var skipped = report.Skipped.ByReason().ToDictionary(s => s.Reason, s => s.Count, StringComparer.Ordinal);
        Assert.Equal(1, skipped["catalog: invalid item id"]);
        Assert.Equal(1, skipped["catalog: repeated item id"]);
        Assert.Equal(1, skipped["catalog: invalid category"]);
        Assert.Equal(1, skipped["interactions: unknown type"]);
        Assert.Equal(1, skipped["interactions: rating without a value from 0.5 to 5, or a value on another type"]);
        Assert.Equal(1, skipped["interactions: in the future"]);
        report.WriteTo(output);
        Assert.Contains("refused, outside the retention window: 1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("skipped, catalog: invalid category: 1", output.ToString(), StringComparison.Ordinal);

        // What was loaded is there, under the recorded basis.
        var consent = await factory.App().GetAsync(Http.User("Ann@example.com") + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("import", consent["purposes"]!["personalization"]!["source"]!.GetValue<string>());
        Assert.Equal("2026-11", consent["purposes"]!["modelTraining"]!["policyVersion"]!.GetValue<string>());
        var export = await factory.App().GetAsync(Http.User("Ann@example.com") + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, export["events"]!.AsArray().Count);
        await factory.App().GetAsync("/v1/items/jazz-2/similar").ExpectJson(HttpStatusCode.OK);
        await factory.App().GetAsync("/v1/items/rock-1/similar").ExpectJson(HttpStatusCode.OK);

        // A re-run records nothing twice: the event ids are the file's.
        var again = await new Importer(client, new StringWriter(), interactive: false).RunAsync(
            new ImportSettings(null, new FileInfo(interactions), InteractionsFormat.Csv, "2026-11", ModelTraining: true, TimestampMode.Keep, null),
            factory.Clock, CancellationToken.None);
        Assert.Equal(3, again.EventsSent);
        export = await factory.App().GetAsync(Http.User("Ann@example.com") + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, export["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task MovieLens_ratings_enter_with_their_items_and_old_ratings_are_refused_unless_moved_into_the_window()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);
        var lines = new List<string>();
        for (var user = 1; user <= 6; user++)
        {
            for (var item = 1; item <= 5; item++)
            {
                lines.Add($"{user}\t{item * 10 + user % 2}\t{1 + ((user + item) % 5)}\t{881250949 + (user * 100) + item}");
            }
        }

        var data = Write("u.data", string.Join('\n', lines) + "\n");
        using var http = factory.CreateClient();
        var client = new PersonalizationClient(http, new ApiCredentials(ApiFactory.AppKey, ApiFactory.AdminKey));

        var kept = await new Importer(client, new StringWriter(), interactive: false).RunAsync(
            new ImportSettings(null, new FileInfo(data), InteractionsFormat.MovieLens, "2026-11", ModelTraining: true, TimestampMode.Keep, "movies"),
            factory.Clock, CancellationToken.None);
        Assert.Equal(30, kept.RefusedOutsideRetention);
        Assert.Equal(0, kept.EventsSent);
        Assert.Equal(10, kept.Items);

        var moved = await new Importer(client, new StringWriter(), interactive: false).RunAsync(
            new ImportSettings(null, new FileInfo(data), InteractionsFormat.MovieLens, "2026-11", ModelTraining: true, TimestampMode.Now, "movies"),
            factory.Clock, CancellationToken.None);
        Assert.Equal(0, moved.RefusedOutsideRetention);
        Assert.Equal(30, moved.EventsRecorded);
        Assert.Equal(6, moved.Users);
        Assert.Equal(0, moved.BeyondPerUserBound);
        var export = await factory.App().GetAsync(Http.User("ml-3") + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(5, export["events"]!.AsArray().Count);
        Assert.All(export["events"]!.AsArray(), e => Assert.Equal("rating", e!["type"]!.GetValue<string>()));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
