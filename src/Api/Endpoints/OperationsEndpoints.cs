using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>Endpoints that answer without a key: the privacy notice and health.</summary>
public static class OperationsEndpoints
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/privacy/notice", (IOptions<PrivacyOptions> privacy, IOptions<ModelOptions> model) =>
            TypedResults.Ok(PrivacyNotice.From(privacy.Value, model.Value)));
        // Orchestrator probes come from few addresses, often the same as clients behind a proxy:
        // they must never be answered 429 because someone there guessed keys.
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).DisableRateLimiting();
        app.MapGet("/health/ready", Ready).DisableRateLimiting();
    }

    private static async Task<IResult> Ready(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            var storeHealthy = await grains.GetGrain<IOperationsGrain>(0).IsStoreHealthy().WaitAsync(ReadinessTimeout, cancellationToken);
            return storeHealthy
                ? TypedResults.Ok(new { status = "ready", cluster = "ok", store = "ok" })
                : Problems.Unavailable("The cluster answers but its store does not.");
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return Problems.Unavailable("The cluster does not answer.");
        }
    }
}
