using Microsoft.Extensions.Options;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>The embedded default's generated secrets, readable by the owner only, in the key folder apart from the data.</summary>
public static class DataDirectory
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// A secret file of the API's (pseudonymization secret, API key hashes) in the store's key
    /// folder, created owner-only, and moved there from the data folder if an older version left it there.
    /// </summary>
    public static string KeyFile(IConfiguration configuration, string fileName) =>
        EmbeddedStoreOptions.From(configuration).KeyFile(fileName);

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
