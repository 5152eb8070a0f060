using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// HTTP/1.1 over a plain socket, sending the request target exactly as given: HttpClient (through
/// System.Uri) removes dot segments and re-encodes before sending, which hides what a hostile
/// client can put on the wire.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(Uri server, string method, string target, string? apiKey, string? jsonBody = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Host}:{server.Port}\r\n")
            .Append("Connection: close\r\n");
        if (apiKey is not null)
        {
            request.Append(CultureInfo.InvariantCulture, $"X-Api-Key: {apiKey}\r\n");
        }

        if (jsonBody is not null)
        {
            request.Append("Content-Type: application/json\r\n").Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        await stream.WriteAsync(body);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response);
        return Parse(response.ToArray());
    }

    private static (int Status, string Body) Parse(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        var body = headerEnd < 0 ? "" : text[(headerEnd + 4)..];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = new StringBuilder();
            var position = 0;
            while (true)
            {
                var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
                var size = int.Parse(body[position..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    break;
                }

                // Chunk sizes count bytes; the bodies here are ASCII JSON, so characters and bytes agree.
                decoded.Append(body, lineEnd + 2, size);
                position = lineEnd + 2 + size + 2;
            }

            body = decoded.ToString();
        }

        return (status, body);
    }
}
