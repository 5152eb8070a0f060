namespace OrleansPersonalization.Tools.Import;

/// <summary>
/// One HttpClient for the import that sends the admin key to the catalog endpoints and the app key to
/// the rest: each key goes only where its role is needed.
/// </summary>
public static class ImportClient
{
    public static HttpClient Create(Uri api, string adminKey, string appKey) =>
        new(new KeyPerRoute(adminKey, appKey) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>For a handler chain that already reaches the API (tests).</summary>
    public static DelegatingHandler Keys(string adminKey, string appKey) => new KeyPerRoute(adminKey, appKey);

    private sealed class KeyPerRoute(string adminKey, string appKey) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            var key = path.StartsWith("/v1/items", StringComparison.Ordinal) ? adminKey : appKey;
            if (key.Length > 0 && !path.StartsWith("/v1/privacy", StringComparison.Ordinal))
            {
                request.Headers.Add("X-Api-Key", key);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
