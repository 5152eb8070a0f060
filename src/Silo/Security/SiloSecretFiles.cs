namespace OrleansPersonalization.Silo.Security;

/// <summary>Reads and creates the silo's secret files (owner-only, written once, synced to disk).</summary>
internal static class SiloSecretFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The file's bytes, creating it with <paramref name="create"/>'s content the first time.</summary>
    public static byte[] ReadOrCreate(string path, Func<byte[]> create)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = OwnerOnly;
                }

                using var file = new FileStream(path, options);
                file.Write(create());
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another silo of the same process tree created it first: use theirs.
            }
        }

        return File.ReadAllBytes(path);
    }
}
