using OrleansPersonalization.Silo.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// Where one test system keeps its data: always a private folder (secrets, and the SQLite file on
/// the embedded store) and, on PostgreSQL, a private database.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TestStore(StoreKind kind)
    {
        Kind = kind;
        PostgresConnectionString = kind == StoreKind.Postgres ? TestPostgres.CreateDatabase() : null;
        Inspector = kind == StoreKind.Postgres
            ? new PostgresInspector(PostgresConnectionString!)
            : new SqliteInspector(Path.Combine(DataDirectory, "personalization.db"));
    }

    public StoreKind Kind { get; }
    public string DataDirectory => _directory.Path;

    /// <summary>The embedded store's key folder, inside this test's own folder (the default would be a sibling of it).</summary>
    public string KeyDirectory => Path.Combine(_directory.Path, "keys");
    public string? PostgresConnectionString { get; }
    public StoreInspector Inspector { get; }

    /// <summary>The configuration that points a silo or the API at this store.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["EmbeddedStore:DataDirectory"] = DataDirectory,
        ["EmbeddedStore:KeyDirectory"] = KeyDirectory,
        ["Store:Kind"] = Kind.ToString(),
        ["Store:PostgresConnectionString"] = PostgresConnectionString,
        ["Audit:Key"] = Kind == StoreKind.Postgres ? AuditKey : null,
        ["Protection:MasterKeys:0:Id"] = Kind == StoreKind.Postgres ? "test-1" : null,
        ["Protection:MasterKeys:0:Key"] = Kind == StoreKind.Postgres ? MasterKey : null,
    };

    /// <summary>Cluster mode takes the master key from configuration; the embedded store generates its own file.</summary>
    public string MasterKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Cluster mode takes the audit key from configuration; the embedded store generates its own file.</summary>
    public string AuditKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public void Dispose()
    {
        if (PostgresConnectionString is not null)
        {
            TestPostgres.DropDatabase(PostgresConnectionString);
        }

        _directory.Dispose();
    }

    public override string ToString() => Kind.ToString();
}
