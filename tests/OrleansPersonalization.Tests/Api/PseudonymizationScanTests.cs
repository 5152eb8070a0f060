using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>P4: after a full lifecycle with every log level on, no raw user id is in the store or the logs.</summary>
public class PseudonymizationScanTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task P4_no_raw_user_id_in_any_stored_row_file_byte_or_log_line(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var logs = new CapturedLogs();
        await using var factory = new ApiFactory(store, logs: logs, minimumLevel: LogLevel.Trace);
        var app = factory.App();
        var admin = factory.Admin();
        string[] ids = ["Raw.Person+tag@example.org", "acct-7741903", "tenant/Øyvind Ærø"];

        await admin.PutJson("/v1/items/p4-1", new { category = "jazz" }).ExpectJson(HttpStatusCode.OK);
        foreach (var id in ids)
        {
            await app.Grant(id, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await app.PutJson(Http.User(id) + "/profile", new { country = "SE", interests = new[] { "jazz" } }).ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(id) + "/events", new { itemId = "p4-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            await app.PostJson("/v1/events", new { events = new[] { new { userId = id, itemId = "p4-2", type = "click" } } }).ExpectJson(HttpStatusCode.Accepted);
            await app.GetAsync(Http.User(id) + "/recommendations").ExpectJson(HttpStatusCode.OK);
            await app.GetAsync(Http.User(id) + "/data").ExpectJson(HttpStatusCode.OK);
            await app.PostJson(Http.User(id) + "/events", new { itemId = "p4-1", type = "rating", value = 9 }).ExpectProblem(HttpStatusCode.BadRequest);
        }

        await app.DeleteAsync(Http.User(ids[0])).ExpectJson(HttpStatusCode.OK);
        await admin.PostJson("/v1/admin/erasures", new { userIds = new[] { ids[1] }, reason = $"ticket for {ids[1]}" }).ExpectJson(HttpStatusCode.Accepted);
        await Task.Delay(500);

        var cells = factory.Inspector.AllCells();
        var lines = logs.Lines.ToList();
        Assert.NotEmpty(cells);
        Assert.True(lines.Count > 100, "The scan needs a verbose log to mean anything.");
        foreach (var id in ids)
        {
            foreach (var form in new[] { id, Uri.EscapeDataString(id), id.ToLowerInvariant() })
            {
                Assert.DoesNotContain(cells, c => c.Contains(form, StringComparison.OrdinalIgnoreCase));
                Assert.False(factory.Inspector.FilesContain(form), "The store files hold a raw user id.");
                Assert.DoesNotContain(lines, l => l.Contains(form, StringComparison.OrdinalIgnoreCase));
            }
        }

        // The erased users' pseudonyms are gone too; only the remaining user's key is stored.
        var pseudonymizer = factory.Services.GetRequiredService<UserPseudonymizer>();
        cells = factory.Inspector.AllCells();
        Assert.DoesNotContain(cells, c => c.Contains(pseudonymizer.KeyFor(ids[0]), StringComparison.Ordinal));
        Assert.Contains(cells, c => c.Contains(pseudonymizer.KeyFor(ids[2]), StringComparison.Ordinal));
        Assert.False(factory.Inspector.FilesContain(pseudonymizer.KeyFor(ids[0])));
    }
}
