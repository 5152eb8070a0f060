using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace OrleansPersonalization.Benchmarks.Http;

/// <summary>
/// Cluster mode as the README runs it, on this machine: a throwaway PostgreSQL
/// (<c>scripts/throwaway-postgres.sh</c>, fsync on), silo processes with mutual TLS on a certificate
/// the silo's own command writes, and the settings the API tier needs to join them as a client.
/// </summary>
internal sealed class ClusterUnderTest : IDisposable
{
    private readonly string _directory;
    private readonly List<Process> _silos = [];

    private ClusterUnderTest(string directory, Dictionary<string, string> apiSettings)
    {
        _directory = directory;
        ApiSettings = apiSettings;
    }

    /// <summary>What the API process needs to run as a client of this cluster.</summary>
    public IReadOnlyDictionary<string, string> ApiSettings { get; }

    public static async Task<ClusterUnderTest> StartAsync(int silos)
    {
        var root = ApiUnderTest.RepositoryRoot();
        var directory = Path.Combine(Path.GetTempPath(), "op-cluster-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var postgres = Path.Combine(directory, "postgres");
        var connection = (await RunAsync("bash", [Path.Combine(root, "scripts", "throwaway-postgres.sh"), "start", postgres])).Trim().Split('\n')[^1];
        var siloAssembly = Path.Combine(root, "src", "Silo", "bin", "Release", "net10.0", "OrleansPersonalization.Silo.dll");
        var certificate = Path.Combine(directory, "cluster.pfx");
        await RunAsync("dotnet", [siloAssembly, "cluster-certificate", "--Cluster:TlsCertificateFile", certificate]);

        var common = new Dictionary<string, string>
        {
            ["Cluster__TlsCertificateFile"] = certificate,
            ["Store__Kind"] = "Postgres",
            ["Store__PostgresConnectionString"] = connection,
            ["Cluster__Membership"] = "AdoNet",
            ["Cluster__ServiceId"] = "orleans-personalization",
            ["Cluster__ClusterId"] = "load-" + Guid.NewGuid().ToString("N")[..8],
        };
        var cluster = new ClusterUnderTest(directory, new Dictionary<string, string>(common)
        {
            ["Api__Hosting"] = "Client",
            ["Pseudonymization__Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });

        var (audit, master) = (Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        for (var i = 0; i < silos; i++)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(siloAssembly);
            foreach (var (key, value) in new Dictionary<string, string>(common)
            {
                ["Audit__Key"] = audit,
                ["Protection__MasterKeys__0__Id"] = "load-1",
                ["Protection__MasterKeys__0__Key"] = master,
                ["Cluster__SiloPort"] = ApiUnderTest.FreePort().ToString(CultureInfo.InvariantCulture),
                ["Cluster__GatewayPort"] = ApiUnderTest.FreePort().ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            })
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine($"silo {i}: " + e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            cluster._silos.Add(process);
        }

        return cluster;
    }

    public IEnumerable<int> SiloProcessIds => _silos.Select(s => s.Id);

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await errors}");
        }

        return await output;
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                silo.WaitForExit(10_000);
            }

            silo.Dispose();
        }

        try
        {
            RunAsync("bash", [Path.Combine(ApiUnderTest.RepositoryRoot(), "scripts", "throwaway-postgres.sh"), "stop", Path.Combine(_directory, "postgres")]).GetAwaiter().GetResult();
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            Console.Error.WriteLine("cleanup: " + exception.Message);
        }
    }
}
