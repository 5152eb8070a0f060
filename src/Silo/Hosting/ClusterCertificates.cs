using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPersonalization.Silo.Hosting;

/// <summary>
/// Self-signed certificates for the cluster's mutual TLS. Trust never comes from the issuer:
/// <see cref="ClusterTls"/> pins the exact certificate, so self-signed is all it takes.
/// </summary>
public static class ClusterCertificates
{
    public const string ClusterSubject = "CN=orleans-personalization-cluster";
    public const string EmbeddedSubject = "CN=orleans-personalization-embedded";

    // Containers' clocks may disagree by a little; a certificate must be valid on every one at once.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A certificate whose private key exists only in this process's memory: the embedded silo
    /// pins it, so no other process can complete a TLS handshake with its port.
    /// </summary>
    public static X509Certificate2 CreateEphemeral() => Create(EmbeddedSubject, TimeSpan.FromDays(3650));

    /// <summary>A new certificate with an ECDSA P-256 key, usable for both ends of a TLS connection.</summary>
    public static X509Certificate2 Create(string subject, TimeSpan lifetime)
    {
        // P-256 rather than RSA: generating it takes about a millisecond, so every start can afford one.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now - ClockSkew, now + lifetime);
    }

    /// <summary>
    /// Writes a new cluster certificate as PKCS#12 (owner read/write only), unless the file exists:
    /// every silo must keep presenting the certificate the others pinned, so it is never replaced.
    /// Returns whether a file was written.
    /// </summary>
    public static bool WritePkcs12IfMissing(string path, string? password, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return false;
        }

        using var certificate = Create(ClusterSubject, lifetime);
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        return true;
    }
}
