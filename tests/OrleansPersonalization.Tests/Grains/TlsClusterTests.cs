using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Silo.Hosting;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

/// <summary>
/// Silo-to-silo and client-to-gateway TLS: a two-silo cluster with the cluster certificate works end
/// to end, and its gateway speaks TLS with the cluster certificate and refuses a caller without it,
/// whether a raw TLS connection or a real Orleans client.
/// </summary>
public sealed class TlsClusterTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly TestStore _store = new(StoreKind.Sqlite);
    private X509Certificate2 _certificate = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var file = TestCertificates.WritePfx(_directory.Path, "test-password");
        _certificate = X509CertificateLoader.LoadPkcs12FromFile(file, "test-password");

        var builder = new TestClusterBuilder(2);

        // Real sockets, so TLS runs where it runs in production.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        foreach (var (key, value) in _store.Settings())
        {
            builder.Properties[key] = value;
        }

        builder.Properties[ClusterTls.CertificateFileSetting] = file;
        builder.Properties[ClusterTls.CertificatePasswordSetting] = "test-password";
        builder.AddSiloBuilderConfigurator<TlsSilo>();
        builder.AddClientBuilderConfigurator<TlsClient>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    [Fact]
    public async Task A_cluster_with_tls_on_serves_users_across_both_silos()
    {
        var keys = Enumerable.Range(0, 40).Select(_ => NewUserKey()).ToList();
        foreach (var key in keys)
        {
            var user = _cluster.GrainFactory.GetGrain<IUserGrain>(key);
            await user.SetConsent(Consent(personalization: true, modelTraining: true));
            await user.RecordEvents([View("tls-" + key[..4], DateTimeOffset.UtcNow)]);
        }

        foreach (var key in keys)
        {
            Assert.True((await _cluster.GrainFactory.GetGrain<IUserGrain>(key).GetConsent()).IsGranted("personalization"));
            await _cluster.GrainFactory.GetGrain<IUserGrain>(key).Recommend(5, null);
        }

        // Users are placed at random, so both silos host some and talk to the one hosting the model grain.
        var statistics = await _cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var silosWithUsers = statistics.Where(s => s.GrainType.Contains("UserGrain", StringComparison.Ordinal) && s.ActivationCount > 0).Select(s => s.SiloAddress).Distinct().Count();
        Assert.Equal(2, silosWithUsers);
    }

    [Fact]
    public async Task The_gateway_presents_the_cluster_certificate_and_refuses_a_caller_without_it()
    {
        var gateway = _cluster.Silos[0].GatewayAddress!.Endpoint;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Address, gateway.Port);
        X509Certificate? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            // Trust exactly the cluster certificate, as the silos do.
            presented = certificate;
            return certificate is not null && new X509Certificate2(certificate).Thumbprint == _certificate.Thumbprint;
        });

        var refused = false;
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "orleans-personalization-cluster" });

            // TLS 1.3 reports a missing client certificate after the handshake: the server closes.
            var buffer = new byte[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            refused = await tls.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            refused = true;
        }

        Assert.NotNull(presented);
        Assert.Equal(_certificate.Thumbprint, new X509Certificate2(presented).Thumbprint);
        Assert.True(refused, "the gateway accepted a TLS caller without the cluster certificate");
    }

    [Fact]
    public async Task An_orleans_client_without_the_cluster_certificate_cannot_call_into_the_cluster()
    {
        var gateway = _cluster.Silos[0].GatewayAddress!.Endpoint.Port;
        var (serviceId, clusterId) = (_cluster.Options.ServiceId, _cluster.Options.ClusterId);
        using var stranger = TestCertificates.Create();

        // Plaintext, and TLS with a certificate that has the cluster's name but not its key: both stay outside.
        Assert.NotNull(await ForeignClient.TryCallAsync(gateway, serviceId, clusterId));
        Assert.NotNull(await ForeignClient.TryCallAsync(gateway, serviceId, clusterId, stranger));

        // The same client with the cluster certificate gets in, so the refusals above are about the certificate.
        Assert.Null(await ForeignClient.TryCallAsync(gateway, serviceId, clusterId, _certificate));
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        _certificate.Dispose();
        _store.Dispose();
        _directory.Dispose();
    }

    private sealed class TlsSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddPersonalization(siloBuilder.Configuration);
            siloBuilder.UseConfiguredTls(siloBuilder.Configuration);
        }
    }

    private sealed class TlsClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseConfiguredTls(configuration);
    }
}
