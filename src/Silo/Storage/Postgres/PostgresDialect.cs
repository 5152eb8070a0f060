using System.Data.Common;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Postgres;

public sealed class PostgresDialect : SqlDialect
{
    /// <summary>Serializes audit appends from every silo: each entry must link to the true head.</summary>
    private const long AuditAppendLockKey = 0x5045_5253_4155_4449; // "PERSAUDI"

    public override string Table(string name) => "personalization_" + name;

    public override object Time(DateTimeOffset at) => at.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override string? AuditAppendLock => $"SELECT pg_advisory_xact_lock({AuditAppendLockKey})";

    // Orleans's ADO.NET storage keeps the state name in the grain-type column.
    public override string UserRowsSql { get; } =
        $"SELECT grainidextensionstring, payloadbinary FROM orleansstorage WHERE graintypestring = '{StorageNames.UserState}' AND payloadbinary IS NOT NULL";

    public override string UserRowSql { get; } =
        $"SELECT payloadbinary FROM orleansstorage WHERE graintypestring = '{StorageNames.UserState}' AND grainidextensionstring = @key AND payloadbinary IS NOT NULL";

    public override ReadOnlyMemory<byte> ReadUserRow(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);
}
