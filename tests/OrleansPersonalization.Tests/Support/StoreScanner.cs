using System.Text;
using Microsoft.Data.Sqlite;

namespace OrleansPersonalization.Tests.Support;

/// <summary>Reads the embedded store the way an attacker with the files would: every row, and every byte.</summary>
public static class StoreScanner
{
    /// <summary>Every row of every table, each row as its cells, by table.</summary>
    public static Dictionary<string, List<string[]>> CellsByTable(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, List<string[]>>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var list = rows[table] = [];
            while (reader.Read())
            {
                list.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i =>
                    reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
            }
        }

        return rows;
    }

    /// <summary>Every row of every table, each row as its cells joined, by table.</summary>
    public static Dictionary<string, List<string>> RowsByTable(string databasePath) =>
        CellsByTable(databasePath).ToDictionary(t => t.Key, t => t.Value.Select(cells => string.Join('|', cells)).ToList());

    public static List<string> AllCells(string databasePath) =>
        [.. CellsByTable(databasePath).Values.SelectMany(rows => rows).SelectMany(cells => cells)];

    public static List<string> UserStateRows(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT grain_key || ' ' || payload FROM grain_state WHERE grain_type = 'user'";
        using var reader = select.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public static long Count(string databasePath, string table, string column, string value)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = $value";
        select.Parameters.AddWithValue("$value", value);
        return (long)select.ExecuteScalar()!;
    }

    /// <summary>Every row of every table, as one text per table, to compare a store before and after a request.</summary>
    public static string Snapshot(string databasePath) => string.Join('\n', AllCells(databasePath));

    /// <summary>True when the text occurs anywhere in the database file or its write-ahead log, deleted pages included.</summary>
    public static bool FilesContain(string databasePath, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in new[] { databasePath, databasePath + "-wal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                if (memory.ToArray().AsSpan().IndexOf(needle) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
