using OrleansPersonalization.Api.Documentation;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>Endpoints that answer without a key: the privacy notice and health.</summary>
public static class OperationsEndpoints
{
    private const string Tag = "Transparency and operations";

    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static void MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/privacy/notice", (IOptions<PrivacyOptions> privacy, IOptions<ModelOptions> model) =>
            TypedResults.Ok(PrivacyNotice.From(privacy.Value, model.Value)))
            .WithTags(Tag).WithSummary("The privacy notice, generated from the running configuration")
            .RequireCors(Security.CorsSetup.PrivacyCentrePolicy);
        // Orchestrator probes come from few addresses, often the same as clients behind a proxy:
        // they must never be answered 429 because someone there guessed keys.
        app.MapGet("/health/live", () => TypedResults.Ok(new LivenessResponse("live"))).DisableRateLimiting().WithTags(Tag).WithSummary("Liveness");
        app.MapGet("/health/ready", Ready).DisableRateLimiting()
            .WithTags(Tag).WithSummary("Readiness: the cluster and the store answer").Produces<ReadinessResponse>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Ready(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            var storeHealthy = await grains.GetGrain<IOperationsGrain>(0).IsStoreHealthy().WaitAsync(ReadinessTimeout, cancellationToken);
            return storeHealthy
                ? TypedResults.Ok(new ReadinessResponse("ready", "ok", "ok"))
                : Problems.Unavailable("The cluster answers but its store does not.");
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return Problems.Unavailable("The cluster does not answer.");
        }
    }
}
