using System.Data.Common;

namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>
/// What differs between the stores in the SQL the ports run: table names, how a point in time is
/// stored, the statement that serializes audit appends across processes, and where user rows live.
/// Everything else (parameters written <c>@name</c>, <c>ON CONFLICT</c> upserts) is common SQL.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The project's tables by their role; PostgreSQL prefixes them, because they share a database with Orleans's.</summary>
    public abstract string Table(string name);

    /// <summary>A point in time as the store keeps it.</summary>
    public abstract object Time(DateTimeOffset at);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>
    /// Run first in an audit append's transaction so appends from every process link to the true head,
    /// or null where the store admits one writer at a time anyway.
    /// </summary>
    public abstract string? AuditAppendLock { get; }

    /// <summary>Every stored user row: (key, JSON of the sealed state).</summary>
    public abstract string UserRowsSql { get; }

    /// <summary>One stored user row's JSON, by <c>@key</c>.</summary>
    public abstract string UserRowSql { get; }

    /// <summary>A stored user row's JSON as bytes (text in SQLite, bytea in PostgreSQL).</summary>
    public abstract ReadOnlyMemory<byte> ReadUserRow(DbDataReader reader, int ordinal);
}
