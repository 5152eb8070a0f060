using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// Certificates the tests make themselves, independently of the product's own generator, so a
/// cluster test proves the product accepts any PKCS#12 an operator might bring.
/// </summary>
public static class TestCertificates
{
    public const string ClusterHost = "orleans-personalization-cluster";

    /// <summary>A self-signed certificate usable for both ends of a TLS connection.</summary>
    public static X509Certificate2 Create(string host = ClusterHost)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + host, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes a new cluster certificate as a password-protected .pfx into <paramref name="directory"/>.</summary>
    public static string WritePfx(string directory, string password)
    {
        using var certificate = Create();
        var file = Path.Combine(directory, "cluster.pfx");
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, password));
        return file;
    }
}
