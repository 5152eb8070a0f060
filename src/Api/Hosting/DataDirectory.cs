using Microsoft.Extensions.Options;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>The embedded default's folder for the store and its generated secrets, readable by the owner only.</summary>
public static class DataDirectory
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string Resolve(IConfiguration configuration)
    {
        var options = new EmbeddedStoreOptions();
        configuration.GetSection(EmbeddedStoreOptions.Section).Bind(options);
        var path = Path.GetFullPath(options.DataDirectory);
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
