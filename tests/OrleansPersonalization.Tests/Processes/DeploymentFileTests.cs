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
        var (exitCode, _, errors) = await DockerCompose("config", "-q");

        Assert.True(exitCode == 0, errors);
    }

    [Fact]
    public void Silos_and_api_get_the_settings_the_failover_test_runs_with()
    {
        var compose = File.ReadAllText(ComposeFile);
        var common = ClusterTopology.Common("unused", "unused", "unused", "unused");

        foreach (var key in common.Keys.Concat(ClusterTopology.SiloKeys).Concat(ClusterTopology.ApiKeys))
        {
            Assert.Contains($"{key}:", compose, StringComparison.Ordinal);
        }

        Assert.Contains("Store__Kind: Postgres", compose, StringComparison.Ordinal);
        Assert.Contains("Cluster__Membership: AdoNet", compose, StringComparison.Ordinal);
        Assert.Contains("Api__Hosting: Client", compose, StringComparison.Ordinal);
        Assert.Contains("replicas: 3", compose, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_runs_mutual_tls_from_a_generated_certificate_and_publishes_no_cluster_port()
    {
        // The resolved file (anchors merged, one layout), as the engine would see it.
        var (exitCode, resolved, errors) = await DockerCompose("config");
        Assert.True(exitCode == 0, errors);
        Assert.DoesNotContain("AllowInsecure", resolved, StringComparison.Ordinal);

        var certs = Service(resolved, "certs");
        Assert.Contains("- cluster-certificate", certs, StringComparison.Ordinal);
        Assert.Contains("Cluster__TlsCertificateFile: /certs/cluster.pfx", certs, StringComparison.Ordinal);
        Assert.Contains("- cluster-certs:/certs:rw", certs, StringComparison.Ordinal);

        foreach (var name in new[] { "silo", "api" })
        {
            var service = Service(resolved, name);
            Assert.Contains("Cluster__TlsCertificateFile: /certs/cluster.pfx", service, StringComparison.Ordinal);
            Assert.Contains("Cluster__TlsCertificatePassword:", service, StringComparison.Ordinal);
            Assert.Contains("- cluster-certs:/certs:ro", service, StringComparison.Ordinal);
            Assert.Contains("certs:\n        condition: service_completed_successfully", service, StringComparison.Ordinal);
        }

        // Only the HTTP API reaches the host; the silo and gateway ports stay on the compose network.
        Assert.DoesNotContain("ports:", Service(resolved, "silo"), StringComparison.Ordinal);
        var published = resolved.Split('\n').Where(l => l.TrimStart().StartsWith("- published:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["    - published: 8080"], published);
    }

    /// <summary>The lines of one service in <c>docker-compose config</c> output (two-space indented names).</summary>
    private static string Service(string resolved, string name)
    {
        var lines = resolved.Split('\n');
        var start = Array.IndexOf(lines, $"  {name}:");
        Assert.True(start >= 0, $"no service {name}");
        var block = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal));
        return string.Join('\n', block);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> DockerCompose(params string[] arguments)
    {
        // ./test.sh installs Debian's docker-compose, which parses the file without a Docker engine.
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-f", ComposeFile }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, errors);
    }
}
