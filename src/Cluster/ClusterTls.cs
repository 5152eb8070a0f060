using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Connections.Security;

namespace OrleansPersonalization.Cluster;

/// <summary>
/// Mutual TLS on the cluster's own ports, from section <c>Cluster</c>: <c>TlsCertificateFile</c> (a
/// PKCS#12 file with the private key) and <c>TlsCertificatePassword</c>. Every silo and every API
/// instance presents the same cluster certificate and accepts exactly that certificate from the
/// other end, so only holders of its private key can join the cluster or call into it; all
/// silo-to-silo and client-to-gateway traffic is encrypted.
/// In cluster mode this is required: without a certificate a process refuses to start unless
/// <c>Cluster:AllowInsecure=true</c> says, on purpose, that the ports may accept anyone.
/// </summary>
public static class ClusterTls
{
    public const string CertificateFileSetting = "Cluster:TlsCertificateFile";
    public const string CertificatePasswordSetting = "Cluster:TlsCertificatePassword";
    public const string AllowInsecureSetting = "Cluster:AllowInsecure";

    /// <summary>Cluster mode, silo side: the cluster certificate, or plaintext only when allowed explicitly.</summary>
    public static ISiloBuilder UseConfiguredTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (Load(configuration) is { } certificate)
        {
            return silo.UsePinnedTls(certificate);
        }

        RequireExplicitInsecure(configuration);
        silo.Services.AddHostedService<InsecureClusterWarning>();
        return silo;
    }

    /// <summary>Cluster mode, client side (the API tier): the same rule as the silos.</summary>
    public static IClientBuilder UseConfiguredTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (Load(configuration) is { } certificate)
        {
            return client.UseTls(certificate, options => Configure(options, certificate));
        }

        RequireExplicitInsecure(configuration);
        client.Services.AddHostedService<InsecureClusterWarning>();
        return client;
    }

    /// <summary>Mutual TLS on every silo port, accepting only the holder of this very certificate.</summary>
    public static ISiloBuilder UsePinnedTls(this ISiloBuilder silo, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(certificate);
        return silo.UseTls(certificate, options => Configure(options, certificate));
    }

    /// <summary>The cluster certificate, or null when none is configured.</summary>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[CertificateFileSetting] is { Length: > 0 } file
            ? X509CertificateLoader.LoadPkcs12FromFile(file, configuration[CertificatePasswordSetting])
            : null;
    }

    private static void RequireExplicitInsecure(IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(AllowInsecureSetting))
        {
            throw new InvalidOperationException(
                $"Cluster mode requires mutual TLS: set {CertificateFileSetting} (a PKCS#12 file with the cluster certificate and its private key, " +
                $"the same on every silo and API instance; {CertificatePasswordSetting} if it has a password), " +
                $"or set {AllowInsecureSetting}=true to run the cluster ports without TLS, open to anyone who can reach them.");
        }
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

        // Pinned: the other end must hold the cluster's own certificate (SHA-256 of its bytes), whatever a CA would say.
        var pin = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        options.RemoteCertificateValidation = (remote, _, _) =>
            remote.GetCertHashString(HashAlgorithmName.SHA256) == pin
            && DateTime.UtcNow >= remote.NotBefore.ToUniversalTime() && DateTime.UtcNow <= remote.NotAfter.ToUniversalTime();
        var host = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = host;
    }
}
