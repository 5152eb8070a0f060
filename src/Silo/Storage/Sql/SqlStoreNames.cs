namespace OrleansPersonalization.Silo.Storage.Sql;

/// <summary>The service keys of the stores: the data, and the users' keys (one database in PostgreSQL, two files in the embedded store).</summary>
public static class SqlStoreNames
{
    public const string Keys = "keys";
}
