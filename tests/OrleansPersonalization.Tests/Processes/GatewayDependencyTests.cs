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
}
