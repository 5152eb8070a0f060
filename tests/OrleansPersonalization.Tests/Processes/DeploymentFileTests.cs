using System.Diagnostics;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>docker-compose.yml stays valid and in step with the process-based cluster test.</summary>
public class DeploymentFileTests
{
    private static readonly string ComposeFile = Path.Combine(TestPostgres.RepositoryRoot(), "docker-compose.yml");

    [Fact]
    public async Task The_compose_file_is_valid()
    {
        // ./test.sh installs Debian's docker-compose, which parses the file without a Docker engine.
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-f", ComposeFile, "config", "-q" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, errors);
    }

    [Fact]
    public void Silos_and_api_get_the_settings_the_failover_test_runs_with()
    {
        var compose = File.ReadAllText(ComposeFile);
        var common = ClusterTopology.Common("unused", "unused");

        foreach (var key in common.Keys.Concat(ClusterTopology.SiloKeys).Concat(ClusterTopology.ApiKeys))
        {
            Assert.Contains($"{key}:", compose, StringComparison.Ordinal);
        }

        Assert.Contains("Store__Kind: Postgres", compose, StringComparison.Ordinal);
        Assert.Contains("Cluster__Membership: AdoNet", compose, StringComparison.Ordinal);
        Assert.Contains("Api__Hosting: Client", compose, StringComparison.Ordinal);
        Assert.Contains("replicas: 3", compose, StringComparison.Ordinal);
    }
}
