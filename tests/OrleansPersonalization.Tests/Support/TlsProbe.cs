using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace OrleansPersonalization.Tests.Support;

/// <summary>What another process sees when it opens a loopback port and tries to talk TLS to it.</summary>
public static class TlsProbe
{
    /// <summary>Whether anything accepts TCP connections on this loopback port.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens a TLS connection presenting <paramref name="clientCertificate"/> and trusting any server
    /// certificate, as an attacker would. Returns the certificate the server presented (null when it
    /// spoke no TLS) and whether the connection was refused (handshake failed, or the server closed
    /// it right after, which is how TLS 1.3 reports a rejected client certificate).
    /// </summary>
    public static async Task<(X509Certificate2? Presented, bool Refused)> HandshakeAsync(int port, X509Certificate2 clientCertificate, string targetHost)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        X509Certificate2? presented = null;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
        {
            // Any certificate will do: the question is whether the server accepts us, not whom we reach.
            presented = certificate is null ? null : new X509Certificate2(certificate);
            return presented is not null;
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                ClientCertificates = [clientCertificate],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, timeout.Token);
            var buffer = new byte[1];
            return (presented, await tls.ReadAsync(buffer, timeout.Token) == 0);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return (presented, true);
        }
        catch (OperationCanceledException)
        {
            // The server kept the connection open: it accepted this certificate.
            return (presented, false);
        }
    }
}
