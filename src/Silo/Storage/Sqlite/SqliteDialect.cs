using System.Data.Common;
using System.Globalization;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

public sealed class SqliteDialect : SqlDialect
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public override string Table(string name) => name;

    // SQLite has no time type: a fixed-width UTC text sorts and compares like the instant it names.
    public override object Time(DateTimeOffset at) => at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override string? AuditAppendLock => null;

    public override string UserRowsSql { get; } =
        $"SELECT grain_key, payload FROM grain_state WHERE grain_type = '{GrainTypes.User}' AND state_name = '{StorageNames.UserState}'";

    public override string UserRowSql { get; } =
        $"SELECT payload FROM grain_state WHERE grain_type = '{GrainTypes.User}' AND state_name = '{StorageNames.UserState}' AND grain_key = @key";

    public override ReadOnlyMemory<byte> ReadUserRow(DbDataReader reader, int ordinal) =>
        System.Text.Encoding.UTF8.GetBytes(reader.GetString(ordinal));
}
