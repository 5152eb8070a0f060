using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The hash-chained audit trail on both stores: the lifecycle leaves an intact chain, and an
/// attacker holding the database who edits or deletes an entry is caught by the admin endpoint and
/// by the verification command.
/// </summary>
public class AuditTrailTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_modified_entry_is_detected_by_the_endpoint_and_the_command(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var count = await RunLifecycle(factory);

        var intact = await Verify(factory);
        Assert.True(intact["isIntact"]!.GetValue<bool>(), intact.ToJsonString());
        Assert.Equal(count, intact["verifiedEntries"]!.GetValue<long>());
        var (exitCode, output) = await RunVerifyCommand(store);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"intact: {count} entries", output, StringComparison.Ordinal);

        store.Inspector.Execute($"UPDATE {store.Inspector.AuditTable} SET actor_role = 'system' WHERE sequence = 2");

        var broken = await Verify(factory);
        Assert.False(broken["isIntact"]!.GetValue<bool>());
        Assert.Equal(2, broken["brokenAt"]!.GetValue<long>());
        (exitCode, output) = await RunVerifyCommand(store);
        Assert.True(exitCode == 2, output);
        Assert.Contains("BROKEN at entry 2: entry 2 was modified", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_deleted_entry_is_detected_even_the_newest(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var count = await RunLifecycle(factory);

        store.Inspector.Execute($"DELETE FROM {store.Inspector.AuditTable} WHERE sequence = {count}");
        var tail = await Verify(factory);
        Assert.False(tail["isIntact"]!.GetValue<bool>());
        Assert.Contains("removed", tail["problem"]!.GetValue<string>(), StringComparison.Ordinal);

        store.Inspector.Execute($"DELETE FROM {store.Inspector.AuditTable} WHERE sequence = 2");
        var middle = await Verify(factory);
        Assert.Equal(2, middle["brokenAt"]!.GetValue<long>());
        Assert.Contains("missing", middle["problem"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Deleting_the_newest_entries_and_the_head_is_reported_after_the_next_append_never_laundered(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var count = await RunLifecycle(factory);

        store.Inspector.Execute($"DELETE FROM {store.Inspector.AuditTable} WHERE sequence > {count - 2}");
        store.Inspector.Execute($"DELETE FROM {store.Inspector.AuditHeadTable}");
        await factory.App().Grant("after-tampering@example.com").ExpectJson(HttpStatusCode.OK);
        await factory.App().Grant("after-tampering@example.com", personalization: false).ExpectJson(HttpStatusCode.OK);

        var result = await Verify(factory);
        Assert.False(result["isIntact"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(count - 1, result["brokenAt"]!.GetValue<long>());
        Assert.Contains("tampering", result["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        var (exitCode, output) = await RunVerifyCommand(store);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("tampering", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Entries_from_before_the_chain_are_chained_at_the_first_append_when_the_operator_vouches_for_them(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store, settings: new Dictionary<string, string?> { ["Audit:AdoptLegacyEntries"] = "true" });
        var app = factory.App(); // starts the host, which creates the schema
        foreach (var sequence in new[] { 1, 2, 5 })
        {
            store.Inspector.Execute(
                $"INSERT INTO {store.Inspector.AuditTable} (sequence, at, kind, actor_role, subject_digest, detail) " +
                $"VALUES ({sequence}, '2026-11-01T10:00:0{sequence}.0000000Z', 'catalog-change', 'admin', NULL, 'legacy {sequence}')");
        }

        await app.Grant("after-upgrade@example.com").ExpectJson(HttpStatusCode.OK);

        var result = await Verify(factory);
        Assert.True(result["isIntact"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(4, result["verifiedEntries"]!.GetValue<long>());
        var entries = (await factory.Admin().GetAsync("/v1/admin/audit?limit=10").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e!["sequence"]!.GetValue<long>()));
        Assert.Equal("legacy 5", entries[2]!["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Stripping_every_mac_and_the_head_is_reported_not_adopted(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        await RunLifecycle(factory);

        store.Inspector.Execute($"UPDATE {store.Inspector.AuditTable} SET mac = NULL, previous = NULL, detail = 'rewritten'");
        store.Inspector.Execute($"DELETE FROM {store.Inspector.AuditHeadTable}");
        await factory.App().Grant("after-stripping@example.com").ExpectJson(HttpStatusCode.OK);

        var result = await Verify(factory);
        Assert.False(result["isIntact"]!.GetValue<bool>(), result.ToJsonString());
    }

    /// <summary>Consent changes, an export, an erasure and an admin action; returns how many entries they wrote.</summary>
    private static async Task<long> RunLifecycle(ApiFactory factory)
    {
        var app = factory.App();
        var admin = factory.Admin();
        await app.Grant("audited@example.com", personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        await app.GetAsync(Http.User("audited@example.com") + "/data").ExpectJson(HttpStatusCode.OK);
        await app.Grant("audited@example.com", personalization: false).ExpectJson(HttpStatusCode.OK);
        await app.DeleteAsync(Http.User("audited@example.com")).ExpectJson(HttpStatusCode.OK);
        await admin.PutJson("/v1/items/audit-1", new { category = "jazz" }).ExpectJson(HttpStatusCode.OK);
        var entries = (await admin.GetAsync("/v1/admin/audit?limit=1000").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.True(entries.Count >= 5, entries.ToJsonString());
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{64}$", e!["mac"]!.GetValue<string>()));
        return entries.Count;
    }

    private static async Task<JsonNode> Verify(ApiFactory factory) =>
        await factory.Admin().GetAsync("/v1/admin/audit/verify").ExpectJson(HttpStatusCode.OK);

    private static async Task<(int ExitCode, string Output)> RunVerifyCommand(TestStore store)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansPersonalization.Silo.dll"));
        start.ArgumentList.Add("verify-audit");
        foreach (var (key, value) in store.Settings())
        {
            if (value is not null)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + errors);
    }
}
