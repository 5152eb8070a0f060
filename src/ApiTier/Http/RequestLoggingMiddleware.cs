using System.Diagnostics;
using OrleansPersonalization.Api.Logging;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Logs each request by its route template (<c>/v1/users/{userId}/consent</c>), never by its path,
/// which carries the raw user id. ASP.NET Core's own request logging is switched off for that reason.
/// </summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            logger.RequestCompleted(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
