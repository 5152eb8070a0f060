using Microsoft.Extensions.Configuration;

namespace OrleansPersonalization.Cluster;

/// <summary>Section <c>Store</c>: which store holds grain state, the audit trail and the retention index.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>The ADO.NET invariant the Orleans providers use for PostgreSQL (Npgsql).</summary>
    public const string PostgresInvariant = "Npgsql";

    public static StoreOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StoreOptions>() ?? new StoreOptions();

    /// <summary><c>Sqlite</c> (the embedded default, one node) or <c>Postgres</c> (cluster mode).</summary>
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;

    /// <summary>Npgsql connection string, for <see cref="StoreKind.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    public string RequirePostgresConnectionString() =>
        string.IsNullOrWhiteSpace(PostgresConnectionString)
            ? throw new InvalidOperationException("Store:PostgresConnectionString is required when Store:Kind is Postgres.")
            : PostgresConnectionString;
}

public enum StoreKind
{
    Sqlite,
    Postgres,
}
