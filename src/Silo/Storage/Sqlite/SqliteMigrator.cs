using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// Brings a SQLite file to the newest schema with the versioned scripts embedded in this assembly
/// (<c>Migrations/&lt;file&gt;/NNNN_name.sql</c>). A script's number is the schema version it
/// produces and is recorded in <c>PRAGMA user_version</c>; each runs once, in its own transaction.
/// </summary>
public static class SqliteMigrator
{
    private const string ResourcePrefix = "OrleansPersonalization.Silo.Storage.Sqlite.Migrations.";

    public static IReadOnlyList<(int Version, string Resource)> Scripts(string file) =>
    [
        .. typeof(SqliteMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix + file + ".", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Version: int.Parse(n.AsSpan(ResourcePrefix.Length + file.Length + 1, 4), CultureInfo.InvariantCulture), Resource: n))
            .OrderBy(s => s.Version),
    ];

    /// <summary>Runs every script newer than the file's version; returns the version it ends at.</summary>
    public static int Apply(SqliteConnection connection, string file)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var version = Version(connection);
        if (version == 0 && file == "Keys")
        {
            version = AdoptUnversionedKeyFile(connection);
        }

        foreach (var (next, resource) in Scripts(file).Where(s => s.Version > version))
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Read(resource) + $"\nPRAGMA user_version = {next};";
            command.ExecuteNonQuery();
            transaction.Commit();
            version = next;
        }

        return version;
    }

    private static int Version(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Key files from before versioned scripts recorded no version: read it off the table's columns.</summary>
    private static int AdoptUnversionedKeyFile(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'user_keys'), (SELECT count(*) FROM pragma_table_info('user_keys') WHERE name = 'pending_wrapped')";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) == 0 ? 0 : reader.GetInt64(1) == 0 ? 1 : 2;
    }

    private static string Read(string resource)
    {
        using var stream = typeof(SqliteMigrator).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
