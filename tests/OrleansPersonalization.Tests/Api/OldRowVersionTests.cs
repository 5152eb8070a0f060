using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Retention;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P2/P3/P6 for the versions of a row that no delete reaches (SQLite's WAL and free pages,
/// PostgreSQL's dead tuples, WAL, replicas, backups): removing personal data re-keys the user's
/// state and destroys the old key, so a copy of the store taken before the removal holds only
/// ciphertext that nothing the system still holds can open. Pure additions keep the key.
/// </summary>
public sealed partial class OldRowVersionTests
{
    public static TheoryData<StoreKind, string> Removals => new()
    {
        { StoreKind.Sqlite, "withdraw-personalization" }, { StoreKind.Postgres, "withdraw-personalization" },
        { StoreKind.Sqlite, "withdraw-model-training" }, { StoreKind.Postgres, "withdraw-model-training" },
        { StoreKind.Sqlite, "retention" }, { StoreKind.Postgres, "retention" },
        { StoreKind.Sqlite, "profile-change" }, { StoreKind.Postgres, "profile-change" },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public async Task A_copy_of_the_store_taken_before_a_removal_cannot_be_opened_with_anything_the_system_still_holds(StoreKind kind, string removal)
    {
        using var store = new TestStore(kind);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ApiFactory(store, clock);
        var app = factory.App();
        const string user = "versions@example.com";
        await factory.Admin().PutJson("/v1/items/old-version-1", new { category = "tango" }).ExpectJson(HttpStatusCode.OK);
        await app.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        await app.PutJson(Http.User(user) + "/profile", new { country = "AR", interests = new[] { "tango" } }).ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User(user) + "/events", new { itemId = "old-version-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
        await app.Grant("bystander@example.com").ExpectJson(HttpStatusCode.OK);
        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);
        var keyStore = factory.Services.GetRequiredService<IUserKeyStore>();

        // The copy: the row and its journal (the event was appended there) as stored now, the key file as it is now.
        var copies = new List<(byte[] Sealed, string Context)> { (Payload(store.Inspector.UserPayload(key)!), "user-state|" + key) };
        copies.AddRange((await factory.Services.GetRequiredService<IUserJournal>().ReadAsync(key))
            .Select(e => (e.Payload, string.Create(CultureInfo.InvariantCulture, $"user-journal|{key}|{e.Sequence}"))));
        var oldWrapped = (await keyStore.FindAsync(key))!;
        var oldKey = (await factory.Services.GetRequiredService<UserDataKeys>().FindAsync(key))!;
        Assert.Contains(copies, c => System.Text.Encoding.UTF8.GetString(Envelope.Open(oldKey, c.Sealed, c.Context)).Contains("old-version-1", StringComparison.Ordinal));

        switch (removal)
        {
            case "withdraw-personalization":
                await app.Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);
                break;
            case "withdraw-model-training":
                await app.Grant(user, personalization: true, modelTraining: false).ExpectJson(HttpStatusCode.OK);
                break;
            case "retention":
                // The sweep's timer fires on this clock too; a call to the grain itself returns only after any visit in flight.
                clock.Advance(TimeSpan.FromDays(31));
                await factory.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync();
                await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<OrleansPersonalization.Contracts.IUserGrain>(key).EnforceRetention();
                break;
            case "profile-change":
                await app.PutJson(Http.User(user) + "/profile", new { country = "UY", interests = new[] { "tango" } }).ExpectJson(HttpStatusCode.OK);
                break;
        }

        // Everything the system still holds: every data key, any pending key, the master key(s).
        var keys = factory.Services.GetRequiredService<UserDataKeys>();
        var held = (await keys.AllAsync()).Values.ToList();
        Assert.Null(await keys.FindPendingAsync(key));
        held.AddRange(kind == StoreKind.Postgres
            ? [Convert.FromBase64String(store.MasterKey)]
            : [await File.ReadAllBytesAsync(Path.Combine(store.KeyDirectory, "master.key"))]);
        Assert.NotEmpty(held);
        foreach (var candidate in held)
        {
            foreach (var (copy, context) in copies)
            {
                Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(candidate, copy, context));
            }
        }

        // The user is still served from the new key, and the old key's bytes are gone from the key file.
        await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.NotEqual(oldWrapped.Blob, (await keyStore.FindAsync(key))!.Blob);
        if (kind == StoreKind.Sqlite)
        {
            foreach (var file in Directory.GetFiles(store.KeyDirectory, SqliteStoreRegistration.KeyFileName + "*"))
            {
                Assert.False((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(oldWrapped.Blob) >= 0, $"{Path.GetFileName(file)} still holds the old wrapped key");
            }
        }
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Adding_behaviour_keeps_the_key(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var app = factory.App();
        await app.Grant("adder@example.com").ExpectJson(HttpStatusCode.OK);
        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor("adder@example.com");
        var before = (await factory.Services.GetRequiredService<IUserKeyStore>().FindAsync(key))!;

        await app.PostJson(Http.User("adder@example.com") + "/events", new { itemId = "add-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        await app.PostJson(Http.User("adder@example.com") + "/events", new { itemId = "add-2", type = "view" }).ExpectJson(HttpStatusCode.Accepted);

        Assert.Equal(before.Blob, (await factory.Services.GetRequiredService<IUserKeyStore>().FindAsync(key))!.Blob);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Events_past_the_size_bound_are_rekeyed_away_within_one_sweep_period_not_on_every_event(StoreKind kind)
    {
        using var store = new TestStore(kind);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new ApiFactory(store, clock, settings: new Dictionary<string, string?> { ["Privacy:MaxEventsPerUser"] = "3" });
        var app = factory.App();
        const string user = "bounded@example.com";
        await app.Grant(user).ExpectJson(HttpStatusCode.OK);
        foreach (var item in new[] { "b-1", "b-2", "b-3" })
        {
            await app.PostJson(Http.User(user) + "/events", new { itemId = item, type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        }

        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);
        var keyStore = factory.Services.GetRequiredService<IUserKeyStore>();
        var copy = Payload(store.Inspector.UserPayload(key)!);
        var before = (await keyStore.FindAsync(key))!;

        // b-1 leaves the buffer: the hot path does not rotate the key, it makes re-keying due.
        await app.PostJson(Http.User(user) + "/events", new { itemId = "b-4", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        await app.PostJson(Http.User(user) + "/events", new { itemId = "b-5", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        Assert.Equal(before.Blob, (await keyStore.FindAsync(key))!.Blob);
        Assert.Equal(1, store.Inspector.RetentionEntries(key));

        // Within one sweep period the sweep re-keys; the copy from before the eviction then opens with nothing held.
        clock.Advance(TimeSpan.FromMinutes(10));
        await factory.Services.GetRequiredService<RetentionSweeper>().SweepOnceAsync();
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<OrleansPersonalization.Contracts.IUserGrain>(key).EnforceRetention();
        var after = (await keyStore.FindAsync(key))!;
        Assert.NotEqual(before.Blob, after.Blob);
        foreach (var candidate in (await factory.Services.GetRequiredService<UserDataKeys>().AllAsync()).Values)
        {
            Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(candidate, copy, "user-state|" + key));
        }

        var events = (await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.Equal(["b-3", "b-4", "b-5"], events.Select(e => e!["itemId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_master_key_rewrap_that_read_a_key_before_a_rotation_never_brings_the_old_key_back(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var app = factory.App();
        await app.Grant("rewrap-race@example.com", personalization: true).ExpectJson(HttpStatusCode.OK);
        await app.PutJson(Http.User("rewrap-race@example.com") + "/profile", new { country = "FR" }).ExpectJson(HttpStatusCode.OK);
        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor("rewrap-race@example.com");
        var keyStore = factory.Services.GetRequiredService<IUserKeyStore>();
        var readByRewrap = (await keyStore.FindAsync(key))!;

        await app.Grant("rewrap-race@example.com", personalization: false).ExpectJson(HttpStatusCode.OK);
        var rotated = (await keyStore.FindAsync(key))!;

        Assert.False(await keyStore.ReplaceAsync(key, readByRewrap, readByRewrap with { MasterKeyId = readByRewrap.MasterKeyId }));
        Assert.Equal(rotated.Blob, (await keyStore.FindAsync(key))!.Blob);
        await app.GetAsync(Http.User("rewrap-race@example.com") + "/consent").ExpectJson(HttpStatusCode.OK);
    }

    private static byte[] Payload(string json) => Convert.FromBase64String(PayloadField().Match(json).Groups[1].Value);

    [GeneratedRegex("\"payload\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex PayloadField();
}
