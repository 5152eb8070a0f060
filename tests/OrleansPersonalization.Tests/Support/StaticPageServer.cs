using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansPersonalization.Tests.Support;

/// <summary>A web page of some application on another origin (its own loopback address and port), serving one HTML page (read at each request).</summary>
public sealed class StaticPageServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string> _html;

    public StaticPageServer(string host, Func<string> html)
    {
        _html = html;
        Origin = $"http://{host}:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string Origin { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var body = Encoding.UTF8.GetBytes(_html());
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
