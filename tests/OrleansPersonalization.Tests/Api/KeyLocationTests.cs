using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The embedded default keeps its keys apart from its data: a copy of the data folder alone holds
/// no key that opens anything. Keys an older version left in the data folder are moved out.
/// </summary>
public sealed class KeyLocationTests
{
    private static readonly string[] KeyFiles = ["master.key", "audit.key", "pseudonymization.key", "keys.db"];

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task By_default_the_keys_live_in_a_sibling_folder_and_the_data_folder_holds_only_the_database()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        var keyDirectory = store.DataDirectory.TrimEnd(Path.DirectorySeparatorChar) + "-keys";
        try
        {
            await using (var factory = new ApiFactory(store, settings: new Dictionary<string, string?> { ["EmbeddedStore:KeyDirectory"] = null }))
            {
                await factory.App().Grant("layout@example.com").ExpectJson(HttpStatusCode.OK);
            }

            Assert.All(Directory.GetFiles(store.DataDirectory), f => Assert.StartsWith("personalization.db", Path.GetFileName(f), StringComparison.Ordinal));
            Assert.All(KeyFiles, name => Assert.True(File.Exists(Path.Combine(keyDirectory, name)), $"{name} is not in the key folder"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keyDirectory));
        }
        finally
        {
            if (Directory.Exists(keyDirectory))
            {
                Directory.Delete(keyDirectory, recursive: true);
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_data_folder_the_store_creates_is_owner_only()
    {
        using var parent = new TempDirectory();
        var data = Path.Combine(parent.Path, "fresh-data");
        using var store = new TestStore(StoreKind.Sqlite);
        var settings = new Dictionary<string, string?> { ["EmbeddedStore:DataDirectory"] = data, ["EmbeddedStore:KeyDirectory"] = Path.Combine(parent.Path, "fresh-keys") };
        await using (var factory = new ApiFactory(store, settings: settings))
        {
            await factory.App().Grant("owner-only@example.com").ExpectJson(HttpStatusCode.OK);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task Keys_an_older_version_kept_in_the_data_folder_are_moved_to_the_key_folder_and_still_open_the_data()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using (var first = new ApiFactory(store))
        {
            await first.App().Grant("upgrade@example.com").ExpectJson(HttpStatusCode.OK);
        }

        // What an older version's data folder looked like: the keys beside the database.
        foreach (var file in Directory.GetFiles(store.KeyDirectory))
        {
            File.Move(file, Path.Combine(store.DataDirectory, Path.GetFileName(file)));
        }

        await using var upgraded = new ApiFactory(store);
        var consent = await upgraded.App().GetAsync(Http.User("upgrade@example.com") + "/consent").ExpectJson(HttpStatusCode.OK);

        Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.All(KeyFiles, name => Assert.False(File.Exists(Path.Combine(store.DataDirectory, name)), $"{name} stayed in the data folder"));
        Assert.All(KeyFiles, name => Assert.True(File.Exists(Path.Combine(store.KeyDirectory, name)), $"{name} is not in the key folder"));
    }
}
