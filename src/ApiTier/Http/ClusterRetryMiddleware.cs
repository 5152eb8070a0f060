using OrleansPersonalization.Api.Logging;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Rides out the loss of a silo: when a grain call fails because its silo went away, the request
/// is replayed (body included) until the cluster has moved the grain, within a bounded time. Only
/// requests that are safe to repeat are replayed (<see cref="ReplaySafe"/>): reads, idempotent
/// writes (consent, profile, catalog, erasure) and event ingestion, which is deduplicated by event
/// id; an administrative POST (an erasure job, a rebuild, a key rewrap) is never run twice.
/// </summary>
public sealed class ClusterRetryMiddleware(RequestDelegate next, ILogger<ClusterRetryMiddleware> logger)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!ReplaySafe.Allows(context))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering(JsonBody.DefaultMaxBytes + 1, JsonBody.LargestMaxBytes + 1);
        var deadline = DateTime.UtcNow + Budget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception exception) when (TransientClusterFailure.Is(exception, context.RequestAborted) && !context.Response.HasStarted && DateTime.UtcNow < deadline)
            {
                logger.ClusterCallRetried(attempt, exception.GetType().Name);
                context.Request.Body.Position = 0;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), context.RequestAborted);
            }
        }
    }
}
