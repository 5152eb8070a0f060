using Microsoft.Extensions.Options;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>The embedded default's folder for the store and its generated secrets, readable by the owner only.</summary>
public static class DataDirectory
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string Resolve(IConfiguration configuration) => Create(Path.GetFullPath(EmbeddedStoreOptions.From(configuration).DataDirectory));

    /// <summary>The folder for the API's secrets (pseudonymization secret, API key hashes): the store's key folder.</summary>
    public static string ResolveKeys(IConfiguration configuration) => Create(EmbeddedStoreOptions.From(configuration).ResolvedKeyDirectory);

    /// <summary>A secret file in the key folder, moved there from the data folder if an older version left it there.</summary>
    public static string KeyFile(IConfiguration configuration, string fileName)
    {
        ResolveKeys(configuration);
        return EmbeddedStoreOptions.From(configuration).KeyFile(fileName);
    }

    private static string Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }

        return path;
    }

    /// <summary>Creates a file that only its owner can read; fails if it already exists, so nothing is overwritten.</summary>
    public static void WriteNewSecretFile(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var file = new FileStream(path, options);
        file.Write(content);
        file.Flush(flushToDisk: true);
    }
}
