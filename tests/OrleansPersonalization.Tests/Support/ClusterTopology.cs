namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// The settings that make processes a cluster: the failover test starts processes with them, and
/// the deployment test checks docker-compose.yml gives its services the same ones.
/// </summary>
public static class ClusterTopology
{
    /// <summary>The settings every silo and API instance of one cluster shares; the cluster runs with mutual TLS.</summary>
    public static Dictionary<string, string> Common(string postgresConnectionString, string clusterId, string certificateFile, string certificatePassword) => new()
    {
        ["Cluster__TlsCertificateFile"] = certificateFile,
        ["Cluster__TlsCertificatePassword"] = certificatePassword,
        ["Store__Kind"] = "Postgres",
        ["Store__PostgresConnectionString"] = postgresConnectionString,
        ["Cluster__Membership"] = "AdoNet",
        ["Cluster__ServiceId"] = "orleans-personalization",
        ["Cluster__ClusterId"] = clusterId,
    };

    /// <summary>Per-silo settings on top of <see cref="Common"/>.</summary>
    public static IReadOnlyList<string> SiloKeys { get; } = ["Cluster__SiloPort", "Cluster__GatewayPort", "Audit__Key", "Protection__MasterKeys__0__Id", "Protection__MasterKeys__0__Key"];

    /// <summary>API-tier settings on top of <see cref="Common"/>.</summary>
    public static IReadOnlyList<string> ApiKeys { get; } =
        ["Api__Hosting", "Pseudonymization__Secret", "ApiKeys__Keys__0__Sha256", "ApiKeys__Keys__1__Sha256", "Urls"];
}
