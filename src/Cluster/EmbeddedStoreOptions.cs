namespace OrleansPersonalization.Cluster;

/// <summary>Section <c>EmbeddedStore</c>: where the single-node store keeps its files.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "EmbeddedStore";

    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <c>FULL</c> (the default) syncs every commit to disk before
    /// it is acknowledged. Anything else gives that up and is meant for throwaway benchmark data only.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "personalization.db");

    /// <summary>
    /// Where the keys live: the users' wrapped data keys, the master key, the audit key, the
    /// pseudonymization secret and the API key hashes. Apart from the data by default (a sibling
    /// folder named after it, <c>data-keys</c> beside <c>data</c>), so a copy of the data folder
    /// alone opens nothing; back the two up separately (see README, "Backups").
    /// </summary>
    public string? KeyDirectory { get; set; }

    public string ResolvedKeyDirectory =>
        Path.GetFullPath(KeyDirectory is { Length: > 0 } configured ? configured : Path.GetFullPath(DataDirectory).TrimEnd(Path.DirectorySeparatorChar) + "-keys");

    /// <summary>
    /// The path of a key file in <see cref="ResolvedKeyDirectory"/>. A file that an older version
    /// kept in the data folder is moved here first, so upgrading separates keys from data.
    /// </summary>
    public string KeyFile(string fileName)
    {
        var directory = ResolvedKeyDirectory;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(directory, fileName);
        var legacy = Path.Combine(Path.GetFullPath(DataDirectory), fileName);
        if (!File.Exists(path) && File.Exists(legacy) && !string.Equals(legacy, path, StringComparison.Ordinal))
        {
            // A database's WAL goes first: a crash in between leaves the main file behind, and the
            // next start moves it too, so no committed key is separated from its file.
            foreach (var suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(legacy + suffix))
                {
                    File.Move(legacy + suffix, path + suffix, overwrite: true);
                }
            }

            File.Move(legacy, path);
        }

        return path;
    }

    public static EmbeddedStoreOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<EmbeddedStoreOptions>(configuration.GetSection(Section)) ?? new EmbeddedStoreOptions();
}
