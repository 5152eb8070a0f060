using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace OrleansPersonalization.Silo.Hosting;

/// <summary>
/// Optional mutual TLS for cluster mode, from section <c>Cluster</c>: <c>TlsCertificateFile</c> (a
/// PKCS#12 file with the private key) and <c>TlsCertificatePassword</c>. Every silo and every API
/// instance presents the same cluster certificate and accepts exactly that certificate from the
/// other end, so only holders of its private key can join the cluster or call into it; all
/// silo-to-silo and client-to-gateway traffic is encrypted.
/// </summary>
public static class ClusterTls
{
    public const string CertificateFileSetting = "Cluster:TlsCertificateFile";
    public const string CertificatePasswordSetting = "Cluster:TlsCertificatePassword";

    public static ISiloBuilder UseConfiguredTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return Load(configuration) is { } certificate ? silo.UseTls(certificate, options => Configure(options, certificate)) : silo;
    }

    public static IClientBuilder UseConfiguredTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Load(configuration) is { } certificate ? client.UseTls(certificate, options => Configure(options, certificate)) : client;
    }

    /// <summary>The cluster certificate, or null when TLS is not configured.</summary>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[CertificateFileSetting] is { Length: > 0 } file
            ? X509CertificateLoader.LoadPkcs12FromFile(file, configuration[CertificatePasswordSetting])
            : null;
    }

    private static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

        // Pinned: the other end must hold the cluster's own certificate (SHA-256 of its bytes), whatever a CA would say.
        var pin = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        options.RemoteCertificateValidation = (remote, _, _) =>
            remote.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == pin
            && DateTime.UtcNow >= remote.NotBefore.ToUniversalTime() && DateTime.UtcNow <= remote.NotAfter.ToUniversalTime();
        var host = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = host;
    }
}
