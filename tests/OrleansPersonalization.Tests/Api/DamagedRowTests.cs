using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Retention;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P6 on a store that cannot be read: a row with a flipped byte, a row that is not even JSON, or a
/// data key under a master key that was retired. Reads get a clear 409 problem (never a 500), the
/// row is never overwritten, erasure succeeds (it deletes; it needs to read nothing), and the
/// retention sweep deals with every other user.
/// </summary>
public sealed class DamagedRowTests
{
    public static TheoryData<StoreKind, string> Damages => new()
    {
        { StoreKind.Sqlite, "flipped-byte" }, { StoreKind.Postgres, "flipped-byte" },
        { StoreKind.Sqlite, "not-json" }, { StoreKind.Postgres, "not-json" },
        { StoreKind.Sqlite, "not-base64" }, { StoreKind.Postgres, "not-base64" },
        { StoreKind.Sqlite, "key-lost" }, { StoreKind.Postgres, "key-lost" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_row_answers_409_for_reads_and_is_still_erased_completely(StoreKind kind, string damage)
    {
        using var store = new TestStore(kind);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string key;
        await using (var before = new ApiFactory(store, clock))
        {
            await before.App().Grant("damaged@example.com", personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await before.App().PostJson(Http.User("damaged@example.com") + "/events", new { itemId = "dmg-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            await before.App().Grant("healthy@example.com", personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
            await before.App().PostJson(Http.User("healthy@example.com") + "/events", new { itemId = "ok-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            key = before.Services.GetRequiredService<UserPseudonymizer>().KeyFor("damaged@example.com");
            if (damage == "key-lost")
            {
                // Keys lost or misconfigured: the row must not be taken for a new user and overwritten.
                await before.Services.GetRequiredService<IUserKeyStore>().DeleteAsync(key);
            }
        }

        var payload = store.Inspector.UserPayload(key)!;
        if (damage != "key-lost")
        {
            store.Inspector.ReplaceUserPayload(key, Damage(payload, damage));
        }

        var damaged = store.Inspector.UserPayload(key);

        await using var after = new ApiFactory(store, clock);
        var app = after.App();
        var healthyKey = after.Services.GetRequiredService<UserPseudonymizer>().KeyFor("healthy@example.com");

        // The model was rebuilt from the store at start despite the damaged row: the healthy contributor is in it.
        var model = await after.Admin().GetAsync("/v1/admin/model").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(1, model["contributors"]!.GetValue<long>());

        // A month later: the sweep must get past the damaged user to the healthy one.
        clock.Advance(TimeSpan.FromDays(31));
        await after.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync();

        // The sweep's timer fires on this clock too: a call to the grain returns only after any visit in flight.
        await after.Services.GetRequiredService<IGrainFactory>().GetGrain<OrleansPersonalization.Contracts.IUserGrain>(healthyKey).GetConsent();
        Assert.Equal(0, after.Inspector.RetentionEntries(healthyKey));
        Assert.DoesNotContain("ok-1", await StoredStates.ReadAsync(after.Services, healthyKey) ?? "", StringComparison.Ordinal);

        var user = Http.User("damaged@example.com");
        foreach (var read in new[] { "/consent", "/profile", "/recommendations", "/data" })
        {
            var problem = await app.GetAsync(user + read).ExpectProblem(HttpStatusCode.Conflict);
            Assert.Contains("state-unreadable", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await app.PutJson(user + "/profile", new { country = "DE" }).ExpectProblem(HttpStatusCode.Conflict);
        await app.Grant("damaged@example.com", personalization: false).ExpectProblem(HttpStatusCode.Conflict);
        var dropped = await app.PostJson("/v1/events", new { events = new[] { new { userId = "damaged@example.com", itemId = "dmg-2", type = "view" }, new { userId = "healthy@example.com", itemId = "ok-2", type = "view" } } })
            .ExpectJson(HttpStatusCode.Accepted);
        Assert.Equal(1, dropped["recorded"]!.GetValue<int>());
        Assert.Equal(1, dropped["dropped"]!.GetValue<int>());
        Assert.Equal(damaged, store.Inspector.UserPayload(key));

        await app.DeleteAsync(user).ExpectJson(HttpStatusCode.OK);

        Assert.Null(store.Inspector.UserRow(key));
        Assert.Null(await after.Services.GetRequiredService<IUserKeyStore>().FindAsync(key));
        Assert.Equal(0, store.Inspector.RetentionEntries(key));
        var fresh = await app.GetAsync(user + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.False(fresh["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_user_whose_master_key_was_retired_gets_409_keeps_the_row_for_recovery_and_can_be_erased(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var k1 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var k2 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        string key;
        await using (var first = new ApiFactory(store, settings: MasterKeySettings.Of(("k1", k1))))
        {
            await first.App().Grant("retired@example.com").ExpectJson(HttpStatusCode.OK);
            key = first.Services.GetRequiredService<UserPseudonymizer>().KeyFor("retired@example.com");
        }

        var row = store.Inspector.UserPayload(key);
        await using (var retired = new ApiFactory(store, settings: MasterKeySettings.Of(("k2", k2))))
        {
            await retired.App().GetAsync(Http.User("retired@example.com") + "/consent").ExpectProblem(HttpStatusCode.Conflict);
            await retired.App().Grant("retired@example.com", personalization: false).ExpectProblem(HttpStatusCode.Conflict);
            Assert.Equal(row, store.Inspector.UserPayload(key));
        }

        // The operator puts the old key back: nothing was lost. Then the user is erased without it.
        await using (var restored = new ApiFactory(store, settings: MasterKeySettings.Of(("k1", k1), ("k2", k2))))
        {
            var consent = await restored.App().GetAsync(Http.User("retired@example.com") + "/consent").ExpectJson(HttpStatusCode.OK);
            Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        }

        await using var erasing = new ApiFactory(store, settings: MasterKeySettings.Of(("k2", k2)));
        await erasing.App().DeleteAsync(Http.User("retired@example.com")).ExpectJson(HttpStatusCode.OK);
        Assert.Null(store.Inspector.UserRow(key));
        Assert.Null(await erasing.Services.GetRequiredService<IUserKeyStore>().FindAsync(key));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_damaged_journal_entry_makes_the_user_unreadable_not_silently_shorter_and_erasure_removes_it(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string key;
        await using (var before = new ApiFactory(store, clock))
        {
            // A row, then two events appended to the journal after it.
            await before.App().Grant("journal@example.com").ExpectJson(HttpStatusCode.OK);
            await before.App().PostJson(Http.User("journal@example.com") + "/events", new { itemId = "jr-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            await before.App().PostJson(Http.User("journal@example.com") + "/events", new { itemId = "jr-2", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            key = before.Services.GetRequiredService<UserPseudonymizer>().KeyFor("journal@example.com");
        }

        // One byte of the last entry's ciphertext changed, as a damaged disk or a hostile operator would.
        var (table, flip) = kind == StoreKind.Sqlite
            ? ("user_journal", "payload = substr(payload, 1, 20) || x'5A' || substr(payload, 22)")
            : ("personalization_user_journal", "payload = overlay(payload placing '\\x5a'::bytea from 21 for 1)");
        store.Inspector.Execute($"UPDATE {table} SET {flip} WHERE user_key = '{key}' AND sequence = (SELECT max(sequence) FROM {table} WHERE user_key = '{key}')");
        Assert.Equal(2, Count(store, table, key));

        await using var after = new ApiFactory(store, clock);
        var app = after.App();
        var user = Http.User("journal@example.com");

        // Serving the user as if the entry never happened would hide the damage and, at the next
        // compaction, destroy what a backup could still restore.
        foreach (var read in new[] { "/consent", "/recommendations", "/data" })
        {
            var problem = await app.GetAsync(user + read).ExpectProblem(HttpStatusCode.Conflict);
            Assert.Contains("state-unreadable", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await app.PostJson(user + "/events", new { itemId = "jr-3", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        Assert.Equal(2, Count(store, table, key));

        await app.DeleteAsync(user).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0, Count(store, table, key));
        Assert.Null(store.Inspector.UserRow(key));
        var fresh = await app.GetAsync(user + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(fresh["events"]!.AsArray());
    }

    private static long Count(TestStore store, string table, string key) =>
        store.Inspector.RowsMentioning(key).GetValueOrDefault(table);

    private static string Damage(string payload, string damage)
    {
        var start = payload.IndexOf("\"payload\":\"", StringComparison.Ordinal) + 11;
        return damage switch
        {
            // One base64 character changed: still base64, but the ciphertext no longer authenticates.
            "flipped-byte" => payload[..(start + 8)] + (payload[start + 8] == 'A' ? 'B' : 'A') + payload[(start + 9)..],
            "not-json" => payload[..(payload.Length / 2)],
            "not-base64" => payload[..(start + 8)] + '!' + payload[(start + 9)..],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }
}
