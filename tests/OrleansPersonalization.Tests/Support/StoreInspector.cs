using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrleansPersonalization.Tests.Support;

/// <summary>Reads a store the way an attacker holding it would: every row of every table.</summary>
public abstract class StoreInspector
{
    /// <summary>Every cell of every table, as text (binary payloads decoded as UTF-8).</summary>
    public abstract List<string> AllCells();

    /// <summary>The stored user rows as "key payload" text.</summary>
    public abstract List<string> UserStateRows();

    /// <summary>How many rows of the retention index name this user key.</summary>
    public abstract long RetentionEntries(string userKey);

    /// <summary>Every table and the number of rows in it that mention the text anywhere.</summary>
    public abstract Dictionary<string, long> RowsMentioning(string text);

    /// <summary>The tables that have at least one row containing <paramref name="text"/>.</summary>
    public List<string> TablesMentioning(string text) => [.. RowsMentioning(text).Where(t => t.Value > 0).Select(t => t.Key)];

    /// <summary>True when the text is in the store's files, deleted pages included; false where files can't be read.</summary>
    public abstract bool FilesContain(string text);

    /// <summary>The user data tables, to compare a store before and after a request (cluster bookkeeping excluded).</summary>
    public string Snapshot() => string.Join('\n', DataCells());

    protected abstract List<string> DataCells();

    /// <summary>The audit trail's table, for tests that tamper with it as an attacker holding the database would.</summary>
    public abstract string AuditTable { get; }

    public string AuditHeadTable => AuditTable.Replace("_log", "_head", StringComparison.Ordinal);

    /// <summary>Runs a statement against the store directly, bypassing the system.</summary>
    public abstract void Execute(string sql);

    public string? UserRow(string userKey) => UserStateRows().SingleOrDefault(r => r.StartsWith(userKey, StringComparison.Ordinal));

    /// <summary>The stored JSON of the user's state row (what the storage provider reads back), or null.</summary>
    public string? UserPayload(string userKey) => UserRow(userKey)?[(userKey.Length + 1)..];

    /// <summary>Overwrites the stored JSON of the user's state row, as a damaged disk or a hostile operator would.</summary>
    public abstract void ReplaceUserPayload(string userKey, string json);
}

public sealed class SqliteInspector(string databasePath) : StoreInspector
{
    public string DatabasePath => databasePath;

    public override List<string> AllCells() => StoreScanner.AllCells(databasePath);

    protected override List<string> DataCells() => StoreScanner.AllCells(databasePath);

    public override List<string> UserStateRows() => StoreScanner.UserStateRows(databasePath);

    public override long RetentionEntries(string userKey) => StoreScanner.Count(databasePath, "retention_schedule", "user_key", userKey);

    public override Dictionary<string, long> RowsMentioning(string text) =>
        StoreScanner.RowsByTable(databasePath).ToDictionary(t => t.Key, t => (long)t.Value.Count(row => row.Contains(text, StringComparison.Ordinal)));

    public override bool FilesContain(string text) => StoreScanner.FilesContain(databasePath, text);

    public override string AuditTable => "audit_log";

    public override void ReplaceUserPayload(string userKey, string json)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE grain_state SET payload = $payload WHERE grain_type = 'user' AND grain_key = $key";
        command.Parameters.AddWithValue("$payload", json);
        command.Parameters.AddWithValue("$key", userKey);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public override void Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class PostgresInspector(string connectionString) : StoreInspector
{
    private static readonly string[] ClusterBookkeeping = ["orleansmembershiptable", "orleansmembershipversiontable"];

    public override List<string> AllCells() => Rows(includeBookkeeping: true).SelectMany(t => t.Value).ToList();

    protected override List<string> DataCells() => Rows(includeBookkeeping: false).OrderBy(t => t.Key).SelectMany(t => t.Value).ToList();

    public override List<string> UserStateRows()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(
            "SELECT grainidextensionstring || ' ' || convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE graintypestring = 'user'", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public override long RetentionEntries(string userKey)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM personalization_retention_schedule WHERE user_key = @key", connection);
        command.Parameters.AddWithValue("key", userKey);
        return (long)command.ExecuteScalar()!;
    }

    public override Dictionary<string, long> RowsMentioning(string text) =>
        Rows(includeBookkeeping: true).ToDictionary(t => t.Key, t => (long)t.Value.Count(row => row.Contains(text, StringComparison.Ordinal)));

    public override bool FilesContain(string text) => false;

    public override string AuditTable => "personalization_audit_log";

    public override void ReplaceUserPayload(string userKey, string json)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(
            "UPDATE orleansstorage SET payloadbinary = @payload WHERE graintypestring = 'user' AND grainidextensionstring = @key", connection);
        command.Parameters.AddWithValue("payload", System.Text.Encoding.UTF8.GetBytes(json));
        command.Parameters.AddWithValue("key", userKey);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public override void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Each table's rows, each row as one text of all its columns (bytea decoded as UTF-8).</summary>
    private Dictionary<string, List<string>> Rows(bool includeBookkeeping)
    {
        using var connection = Open();
        var columns = new Dictionary<string, List<(string Name, string Type)>>();
        using (var list = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position", connection))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                var table = reader.GetString(0);
                if (!includeBookkeeping && ClusterBookkeeping.Contains(table))
                {
                    continue;
                }

                (columns.TryGetValue(table, out var c) ? c : columns[table] = []).Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        var rows = new Dictionary<string, List<string>>();
        foreach (var (table, cols) in columns)
        {
            // Binary columns are read raw and decoded leniently: JSON payloads read as text, ciphertext as noise.
            var expression = string.Join(", ", cols.Select(c => c.Type == "bytea" ? $"\"{c.Name}\"" : $"\"{c.Name}\"::text"));
            using var select = new NpgsqlCommand($"SELECT {expression} FROM \"{table}\"", connection);
            using var reader = select.ExecuteReader();
            var texts = new List<string>();
            while (reader.Read())
            {
                texts.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i =>
                    reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? System.Text.Encoding.UTF8.GetString(bytes) : reader.GetString(i))));
            }

            texts.Sort(StringComparer.Ordinal);
            rows[table] = texts;
        }

        return rows;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
