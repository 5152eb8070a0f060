using System.Text.Json.Nodes;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// The API tier of a cluster (src/Gateway) depends on the grain interfaces (Abstractions), the cluster
/// settings and the API itself, never on the silo, its stores or the model's numerics: neither in its
/// dependency file nor in its folder. (That it serves the API in cluster mode, the failover and TLS
/// tests show: their API processes are the gateway.)
/// </summary>
public class GatewayDependencyTests
{
    private static readonly string[] Forbidden =
        ["OrleansPersonalization.Silo", "OrleansPersonalization.Grains", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Microsoft.ML", "MathNet.Numerics", "LightGBM"];

    [Fact]
    public void The_gateway_references_neither_the_silo_nor_sqlite_nor_ml_net()
    {
        var folder = Path.GetDirectoryName(ApiProcess.GatewayAssembly)!;
        var deps = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "OrleansPersonalization.Gateway.deps.json")))!;
        var libraries = deps["libraries"]!.AsObject().Select(l => l.Key).ToList();

        Assert.Contains(libraries, l => l.StartsWith("OrleansPersonalization.Abstractions/", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.StartsWith("OrleansPersonalization.ApiTier/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => Forbidden.Any(f => l.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(Directory.EnumerateFiles(folder, "*.dll").Select(Path.GetFileName), f => Forbidden.Any(x => f!.StartsWith(x, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// A gateway is always one of several API instances: one that made up its own secret or keys would
    /// pseudonymize the same person differently from the others, so it refuses to start instead,
    /// whether or not its settings say Api:Hosting=Client.
    /// </summary>
    [Theory]
    [InlineData("ApiKeys:Keys")]
    [InlineData("Pseudonymization:Secret")]
    public async Task A_gateway_without_the_clusters_secret_or_keys_refuses_to_start(string missing)
    {
        var settings = new Dictionary<string, string>
        {
            ["Cluster__AllowInsecure"] = "true",
            ["Store__Kind"] = "Postgres",
            ["Store__PostgresConnectionString"] = "Host=127.0.0.1;Port=1;Database=unused",
            ["Urls"] = "http://127.0.0.1:" + FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api__Hosting"] = "CoHosted",
        };
        if (missing != "ApiKeys:Keys")
        {
            settings["ApiKeys__Keys__0__Name"] = "app";
            settings["ApiKeys__Keys__0__Role"] = "app";
            settings["ApiKeys__Keys__0__Sha256"] = OrleansPersonalization.Api.Security.ApiKeyStore.Hash(ApiFactory.AppKey);
        }

        using var gateway = ServiceProcess.Start(ApiProcess.GatewayAssembly, settings);

        Assert.NotEqual(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(missing, gateway.Output, StringComparison.Ordinal);
    }
}
