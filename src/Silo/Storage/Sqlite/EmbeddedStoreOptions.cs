namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>Section <c>EmbeddedStore</c>: where the single-node store keeps its files.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "EmbeddedStore";

    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <c>FULL</c> (the default) syncs every commit to disk before
    /// it is acknowledged. Anything else gives that up and is meant for throwaway benchmark data only.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "personalization.db");
}
