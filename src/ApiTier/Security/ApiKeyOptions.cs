namespace OrleansPersonalization.Api.Security;

/// <summary>Section <c>ApiKeys</c>: keys are configured by their SHA-256 hash, never in clear.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "ApiKeys";

    public IList<ApiKeyEntry> Keys { get; } = [];
}

public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public string Sha256 { get; set; } = "";
}
