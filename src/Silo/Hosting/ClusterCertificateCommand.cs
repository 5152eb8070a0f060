using Microsoft.Extensions.Configuration;

namespace OrleansPersonalization.Silo.Hosting;

/// <summary>
/// <c>dotnet OrleansPersonalization.Silo.dll cluster-certificate</c>: writes a new self-signed
/// cluster certificate to <c>Cluster:TlsCertificateFile</c> (PKCS#12, protected by
/// <c>Cluster:TlsCertificatePassword</c> when set) unless that file exists. docker-compose runs it
/// once before the silos, so the certificate is generated where it is used and never leaves the
/// deployment's volume.
/// </summary>
public static class ClusterCertificateCommand
{
    // Rotating means replacing the file on every silo and API instance at once, so make that rare.
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(5 * 365);

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        if (configuration[ClusterTls.CertificateFileSetting] is not { Length: > 0 } path)
        {
            await output.WriteLineAsync($"set {ClusterTls.CertificateFileSetting} to the file to write");
            return 1;
        }

        var written = ClusterCertificates.WritePkcs12IfMissing(path, configuration[ClusterTls.CertificatePasswordSetting], Lifetime);
        await output.WriteLineAsync(written ? $"wrote a new cluster certificate to {path}" : $"kept the existing cluster certificate {path}");
        return 0;
    }
}
