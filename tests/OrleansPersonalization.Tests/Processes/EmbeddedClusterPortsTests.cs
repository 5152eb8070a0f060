using System.Globalization;
using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// The embedded default as a real process, seen from another local process: there is no gateway to
/// connect to, and the silo port, which Orleans always binds, completes no handshake for anyone
/// else, with or without TLS. The API itself serves as before.
/// </summary>
public sealed class EmbeddedClusterPortsTests(EmbeddedClusterPortsTests.EmbeddedApi embedded) : IClassFixture<EmbeddedClusterPortsTests.EmbeddedApi>
{
    private const string ServiceId = "orleans-personalization";

    [Fact]
    public async Task The_embedded_api_opens_no_gateway_and_still_serves()
    {
        Assert.False(await TlsProbe.IsListeningAsync(embedded.GatewayPort), "the co-hosted silo opened its gateway port");
        Assert.NotNull(await ForeignClient.TryCallAsync(embedded.GatewayPort, ServiceId, embedded.ClusterId));

        using var app = embedded.Api.Client(ApiFactory.AppKey);
        using (var ready = await app.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await app.Grant("ports-user").ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User("ports-user") + "/events", new { itemId = "ports-item", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
        var recommendations = await app.GetAsync(Http.User("ports-user") + "/recommendations").ExpectJson(HttpStatusCode.OK);
        Assert.NotNull(recommendations["items"]);
    }

    [Fact]
    public async Task The_embedded_silo_port_completes_no_handshake_for_another_process()
    {
        Assert.True(await TlsProbe.IsListeningAsync(embedded.SiloPort));

        // TLS with a certificate of our own: the silo speaks TLS, with a certificate no file holds, and drops us.
        using var stranger = TestCertificates.Create("stranger");
        var (presented, refused) = await TlsProbe.HandshakeAsync(embedded.SiloPort, stranger, "orleans-personalization-embedded");
        Assert.NotNull(presented);
        Assert.Equal("CN=orleans-personalization-embedded", presented.Subject);
        Assert.True(refused, "the silo port accepted a TLS caller with a foreign certificate");

        // A real Orleans client through the silo port, in plaintext or with its own certificate, gets nowhere.
        Assert.NotNull(await ForeignClient.TryCallAsync(embedded.SiloPort, ServiceId, embedded.ClusterId));
        Assert.NotNull(await ForeignClient.TryCallAsync(embedded.SiloPort, ServiceId, embedded.ClusterId, stranger));

        // And the API is unaffected by the attempts.
        using var app = embedded.Api.Client(ApiFactory.AppKey);
        await app.Grant("after-probe-user").ExpectJson(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_standalone_embedded_silo_opens_no_gateway()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        using var silo = ServiceProcess.Start("OrleansPersonalization.Silo.dll", new Dictionary<string, string>
        {
            ["EmbeddedStore__DataDirectory"] = store.DataDirectory,
            ["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Information",
        });

        // Orleans binds both listeners before it reports the silo started.
        await silo.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        Assert.True(await TlsProbe.IsListeningAsync(siloPort));
        Assert.False(await TlsProbe.IsListeningAsync(gatewayPort), "the standalone embedded silo opened its gateway port");
        using var stranger = TestCertificates.Create("stranger");
        var (presented, refused) = await TlsProbe.HandshakeAsync(siloPort, stranger, "orleans-personalization-embedded");
        Assert.NotNull(presented);
        Assert.True(refused);
    }

    [Fact]
    public async Task With_a_configured_certificate_the_standalone_embedded_silo_opens_its_gateway_to_its_holders_only()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        using var certificates = new TempDirectory();
        var file = TestCertificates.WritePfx(certificates.Path, "tools");
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(file, "tools");
        var gatewayPort = FreePorts.Next();
        var clusterId = "tools-" + Guid.NewGuid().ToString("N")[..8];
        using var silo = ServiceProcess.Start("OrleansPersonalization.Silo.dll", new Dictionary<string, string>
        {
            ["EmbeddedStore__DataDirectory"] = store.DataDirectory,
            ["Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__ClusterId"] = clusterId,
            ["Cluster__TlsCertificateFile"] = file,
            ["Cluster__TlsCertificatePassword"] = "tools",
            ["Logging__LogLevel__Default"] = "Information",
        });
        await silo.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));

        using var stranger = TestCertificates.Create();
        Assert.Null(await ForeignClient.TryCallAsync(gatewayPort, ServiceId, clusterId, certificate));
        Assert.NotNull(await ForeignClient.TryCallAsync(gatewayPort, ServiceId, clusterId, stranger));
    }

    /// <summary>One API process in the embedded default for the class, on ports the tests know.</summary>
    public sealed class EmbeddedApi : IAsyncLifetime
    {
        private readonly TestStore _store = new(StoreKind.Sqlite);

        public int SiloPort { get; } = FreePorts.Next();
        public int GatewayPort { get; } = FreePorts.Next();
        public string ClusterId { get; } = "ports-" + Guid.NewGuid().ToString("N")[..8];
        public ApiProcess Api { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var settings = _store.Settings()
                .Where(s => s.Value is not null)
                .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
            settings["Cluster__SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture);
            settings["Cluster__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture);
            settings["Cluster__ClusterId"] = ClusterId;
            Api = await ApiProcess.StartAsync(settings);
        }

        public Task DisposeAsync()
        {
            Api?.Dispose();
            _store.Dispose();
            return Task.CompletedTask;
        }
    }
}
