using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// Cluster mode requires mutual TLS: without a certificate silos and API instances refuse to start,
/// unless <c>Cluster:AllowInsecure=true</c> is set on purpose, which they then warn about. The
/// certificate compose uses is written by the silo's own <c>cluster-certificate</c> command.
/// </summary>
public class ClusterModeTlsTests
{
    private const string InsecureWarning = "Cluster:AllowInsecure=true: the cluster's silo and gateway ports run without TLS and accept anyone";

    [Theory]
    [InlineData("OrleansPersonalization.Silo.dll")]
    [InlineData("OrleansPersonalization.Api.dll")]
    [InlineData("gateway")]
    public async Task Without_a_certificate_or_AllowInsecure_a_cluster_process_refuses_to_start_and_names_both_settings(string assembly)
    {
        // The refusal comes before anything touches the database, so none is needed.
        var settings = InsecureCluster("Host=127.0.0.1;Port=1;Database=unused");
        settings.Remove("Cluster__AllowInsecure");
        settings["Api__Hosting"] = "Client";
        using var process = ServiceProcess.Start(assembly == "gateway" ? ApiProcess.GatewayAssembly : assembly, settings);

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Cluster mode requires mutual TLS", process.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster:TlsCertificateFile", process.Output, StringComparison.Ordinal);
        Assert.Contains("Cluster:AllowInsecure=true", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_AllowInsecure_a_silo_and_the_api_start_without_tls_and_warn()
    {
        using var store = new TestStore(StoreKind.Postgres);
        var cluster = InsecureCluster(store.PostgresConnectionString!);
        using var silo = ServiceProcess.Start("OrleansPersonalization.Silo.dll", new Dictionary<string, string>(cluster)
        {
            ["Audit__Key"] = store.AuditKey,
            ["Protection__MasterKeys__0__Id"] = "test-1",
            ["Protection__MasterKeys__0__Key"] = store.MasterKey,
            ["Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        });
        await silo.WaitForOutputAsync(InsecureWarning, TimeSpan.FromSeconds(120));

        using var api = await ApiProcess.StartAsync(new Dictionary<string, string>(cluster)
        {
            ["Api__Hosting"] = "Client",
            ["Pseudonymization__Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        using var app = api.Client(ApiFactory.AppKey);
        await app.Grant("insecure-cluster-user").ExpectJson(HttpStatusCode.OK);

        Assert.Contains(InsecureWarning, api.Output, StringComparison.Ordinal);
        Assert.Contains("warn: OrleansPersonalization.Cluster.InsecureClusterWarning[2004]", silo.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a-password")]
    [InlineData("")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_cluster_certificate_command_writes_a_pkcs12_once_and_keeps_it(string password)
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "cluster.pfx");
        var settings = new Dictionary<string, string>
        {
            ["Cluster__TlsCertificateFile"] = file,
            ["Cluster__TlsCertificatePassword"] = password,
        };

        using (var first = ServiceProcess.Start("OrleansPersonalization.Silo.dll", settings, "cluster-certificate"))
        {
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var written = await File.ReadAllBytesAsync(file);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using (var certificate = X509CertificateLoader.LoadPkcs12(written, password))
        {
            Assert.True(certificate.HasPrivateKey);
            var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
            Assert.Contains("1.3.6.1.5.5.7.3.1", usages);
            Assert.Contains("1.3.6.1.5.5.7.3.2", usages);
            Assert.True(certificate.NotAfter > DateTime.Now.AddYears(1));
        }

        // A second run (every `docker-compose up`) must not replace what the running silos pinned.
        using (var second = ServiceProcess.Start("OrleansPersonalization.Silo.dll", settings, "cluster-certificate"))
        {
            Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(written, await File.ReadAllBytesAsync(file));
    }

    private static Dictionary<string, string> InsecureCluster(string postgresConnectionString)
    {
        var settings = ClusterTopology.Common(postgresConnectionString, "insecure-" + Guid.NewGuid().ToString("N")[..8], "", "");
        settings.Remove("Cluster__TlsCertificateFile");
        settings.Remove("Cluster__TlsCertificatePassword");
        settings["Cluster__AllowInsecure"] = "true";
        return settings;
    }
}
