namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>Section <c>EmbeddedStore</c>: where the single-node store keeps its files.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "EmbeddedStore";

    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "personalization.db");
}
