namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Endpoint metadata: a POST that may be replayed because it is idempotent by construction (event
/// ingestion deduplicates by event id). GET, HEAD, PUT and DELETE are idempotent by their HTTP
/// semantics and need no marker; every other POST is never replayed.
/// </summary>
public sealed class ReplaySafe
{
    public static readonly ReplaySafe Instance = new();

    private ReplaySafe()
    {
    }

    public static bool Allows(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method)
            || context.GetEndpoint()?.Metadata.GetMetadata<ReplaySafe>() is not null;
    }
}
