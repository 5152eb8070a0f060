using System.Diagnostics;

namespace OrleansPersonalization.Api.Telemetry;

/// <summary>
/// A server span carries the request's path and the client's address by default; the path holds the
/// user id in the clear. Both are replaced before any exporter sees the span.
/// </summary>
public static class TraceRedaction
{
    public static void ReplacePath(Activity activity, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
        activity.SetTag("url.path", route);
        activity.SetTag("url.query", null);
        activity.SetTag("client.address", null);
        activity.SetTag("network.peer.address", null);
        activity.SetTag("user_agent.original", null);
        activity.DisplayName = $"{context.Request.Method} {route}";
    }
}
