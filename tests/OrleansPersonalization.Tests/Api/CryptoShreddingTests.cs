using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// Encryption at rest with per-user keys: a copy of a user's row taken before erasure (as a backup
/// would) can no longer be read with anything the system holds afterwards; and the master key can
/// be rotated while the system serves.
/// </summary>
public partial class CryptoShreddingTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_backup_copy_of_an_erased_users_row_cannot_be_read_with_anything_the_system_still_holds(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);
        var app = factory.App();
        const string user = "shredded@example.com";
        await factory.Admin().PutJson("/v1/items/fado-1", new { category = "fado-lisboa" }).ExpectJson(HttpStatusCode.OK);
        await app.Grant(user, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        await app.PutJson(Http.User(user) + "/profile", new { country = "PT", interests = new[] { "fado-lisboa" } }).ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User(user) + "/events", new { itemId = "shred-item-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
        await app.Grant("bystander@example.com").ExpectJson(HttpStatusCode.OK);
        var key = factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);

        // The backup: the row as stored, and the wrapped key as it was.
        var row = factory.Inspector.UserRow(key)!;
        Assert.DoesNotContain("shred-item-1", row, StringComparison.Ordinal);
        Assert.DoesNotContain("fado-lisboa", row, StringComparison.Ordinal);
        // The event was appended to the user's journal: the backup holds its entries too.
        var journal = factory.Services.GetRequiredService<IUserJournal>();
        var backups = new List<(byte[] Sealed, string Context)> { (Convert.FromBase64String(Payload().Match(row).Groups[1].Value), "user-state|" + key) };
        backups.AddRange((await journal.ReadAsync(key)).Select(e => (e.Payload, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"user-journal|{key}|{e.Sequence}"))));
        var wrapped = (await factory.Services.GetRequiredService<IUserKeyStore>().FindAsync(key))!;
        var dataKey = await factory.Services.GetRequiredService<UserDataKeys>().FindAsync(key);
        Assert.Contains(backups, b => System.Text.Encoding.UTF8.GetString(Envelope.Open(dataKey, b.Sealed, b.Context)).Contains("shred-item-1", StringComparison.Ordinal));

        await app.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);

        // Everything the system still holds: the key store, the master key(s), every other data key.
        var keys = factory.Services.GetRequiredService<UserDataKeys>();
        Assert.Null(await keys.FindAsync(key));
        var remaining = await keys.AllAsync();
        Assert.NotEmpty(remaining);
        var masterKeys = kind == StoreKind.Postgres
            ? [Convert.FromBase64String(store.MasterKey)]
            : new[] { await File.ReadAllBytesAsync(Path.Combine(store.KeyDirectory, "master.key")) };
        foreach (var candidate in remaining.Values.Concat(masterKeys))
        {
            foreach (var (backup, context) in backups)
            {
                Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(candidate, backup, context));
            }
        }

        Assert.Null(await factory.Services.GetRequiredService<UserDirectory>().FindAsync(key));
        Assert.Empty(await journal.ReadAsync(key));
        if (kind == StoreKind.Sqlite)
        {
            // The wrapped key's bytes are gone from the key file, its WAL included.
            foreach (var file in Directory.GetFiles(store.KeyDirectory, SqliteStoreRegistration.KeyFileName + "*"))
            {
                Assert.False(Contains(await File.ReadAllBytesAsync(file), wrapped.Blob), $"{Path.GetFileName(file)} still holds the wrapped key");
            }
        }
    }

    [Fact]
    public async Task The_master_key_rotates_while_the_system_serves_and_the_old_key_can_then_retire()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        var k1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var k2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using (var before = new ApiFactory(store, settings: MasterKeySettings.Of(("k1", k1))))
        {
            await before.App().Grant("early@example.com").ExpectJson(HttpStatusCode.OK);
            await before.App().PostJson(Http.User("early@example.com") + "/events", new { itemId = "rot-1", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        }

        // Change-over: both keys in the ring, the new one current. Old users still read; new keys use k2.
        await using (var during = new ApiFactory(store, settings: MasterKeySettings.Of(("k1", k1), ("k2", k2))))
        {
            Assert.Single((await during.App().GetAsync(Http.User("early@example.com") + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray());
            await during.App().Grant("late@example.com").ExpectJson(HttpStatusCode.OK);
            var rewrap = await during.Admin().PostJson("/v1/admin/keys/rewrap", new { }).ExpectJson(HttpStatusCode.OK);
            Assert.Equal(1, rewrap["rewrapped"]!.GetValue<int>());
            await foreach (var (_, wrapped) in during.Services.GetRequiredService<IUserKeyStore>().AllAsync())
            {
                Assert.Equal("k2", wrapped.MasterKeyId);
            }

            var audit = await during.Admin().GetAsync("/v1/admin/audit?kind=key-rotation").ExpectJson(HttpStatusCode.OK);
            Assert.Single(audit["events"]!.AsArray());
        }

        // The old key retired: everything still reads.
        await using var after = new ApiFactory(store, settings: MasterKeySettings.Of(("k2", k2)));
        Assert.Single((await after.App().GetAsync(Http.User("early@example.com") + "/data").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray());
        Assert.True((await after.App().GetAsync(Http.User("late@example.com") + "/consent").ExpectJson(HttpStatusCode.OK))["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    [GeneratedRegex("\"payload\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex Payload();
}
