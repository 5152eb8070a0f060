using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// The embedded on-disk store: one SQLite file in WAL mode. Every connection syncs each commit to
/// disk (an acknowledged write survives <c>kill -9</c> and power loss) and overwrites deleted
/// content, so an erased row does not linger in free pages of the file.
/// </summary>
public sealed class SqliteDatabase
{
    private const int SchemaVersion = 3;
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteDatabase(IOptions<EmbeddedStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Path = options.Value.DatabasePath;
        _synchronous = options.Value.Synchronous.ToUpperInvariant() switch
        {
            "FULL" or "NORMAL" or "OFF" or "EXTRA" => options.Value.Synchronous.ToUpperInvariant(),
            _ => throw new InvalidOperationException("EmbeddedStore:Synchronous must be FULL, EXTRA, NORMAL or OFF."),
        };
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        // Owner-only, like the key folder: the audit trail and the retention index are readable in the file.
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Migrate();
    }

    private const string AuditHeadTable = """
        CREATE TABLE IF NOT EXISTS audit_head (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            sequence INTEGER NOT NULL,
            mac      TEXT NOT NULL,
            seal     TEXT NOT NULL
        );
        """;

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {_synchronous}; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>Moves committed pages from the WAL into the main file and truncates the WAL, so deleted bytes leave it too.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Migrate()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version >= SchemaVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var migrate = connection.CreateCommand();
        migrate.Transaction = transaction;
        if (version == 2)
        {
            // Version 3 chains the audit trail: a MAC per entry and a sealed head.
            migrate.CommandText = $"""
                ALTER TABLE audit_log ADD COLUMN previous TEXT NULL;
                ALTER TABLE audit_log ADD COLUMN mac TEXT NULL;
                {AuditHeadTable}
                PRAGMA user_version = {SchemaVersion};
                """;
            migrate.ExecuteNonQuery();
            transaction.Commit();
            return;
        }

        migrate.CommandText = $"""
            CREATE TABLE IF NOT EXISTS grain_state (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                state_name TEXT NOT NULL,
                etag       INTEGER NOT NULL,
                payload    TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name)
            ) WITHOUT ROWID;

            CREATE TABLE IF NOT EXISTS retention_schedule (
                user_key TEXT PRIMARY KEY,
                due_at   INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS retention_schedule_due ON retention_schedule (due_at);

            CREATE TABLE IF NOT EXISTS audit_log (
                sequence       INTEGER PRIMARY KEY AUTOINCREMENT,
                at             TEXT NOT NULL,
                kind           TEXT NOT NULL,
                actor_role     TEXT NOT NULL,
                subject_digest TEXT NULL,
                detail         TEXT NULL,
                previous       TEXT NULL,
                mac            TEXT NULL
            );
            CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (subject_digest);
            {AuditHeadTable}

            CREATE TABLE IF NOT EXISTS reminders (
                grain_id      TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash    INTEGER NOT NULL,
                start_at      INTEGER NOT NULL,
                period_ms     INTEGER NOT NULL,
                etag          INTEGER NOT NULL,
                PRIMARY KEY (grain_id, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS reminders_hash ON reminders (grain_hash);

            PRAGMA user_version = {SchemaVersion};
            """;
        migrate.ExecuteNonQuery();
        transaction.Commit();
    }
}
