using OrleansPersonalization.Api.Documentation;
using OrleansPersonalization.Api.Contracts;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Degradation;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Telemetry;
using OrleansPersonalization.Api.Logging;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Api.Endpoints;

public static class RecommendationEndpoints
{
    private const string Tag = "Recommendations";

    public const int DefaultCount = 10;
    public const int MaxCount = 100;

    public static void MapRecommendationEndpoints(this RouteGroupBuilder users) => users.MapGet("/recommendations", GetRecommendations)
        .WithTags(Tag).WithSummary("Recommendations for the user, each with its reasons").Produces<RecommendationsResponse>().ProducesValidationProblem()
        .WithMetadata(
            new QueryParameter("count", "How many items.", 1, MaxCount, DefaultCount),
            new QueryParameter("category", "Only items of this catalog category."));

    public static void MapSimilarItemEndpoints(this RouteGroupBuilder items) => items.MapGet("/{itemId}/similar", GetSimilar)
        .WithTags(Tag).WithSummary("Items similar to one item").Produces<SimilarItemsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
        .WithMetadata(new QueryParameter("count", "How many items.", 1, MaxCount, DefaultCount));

    private static async Task<IResult> GetRecommendations(
        HttpContext http, IGrainFactory grains, PopularFallback fallback, DegradedReadMetrics metrics, ProductMetrics product, IOptions<ReadDeadlineOptions> reads, ILogger<PopularFallback> logger)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var errors = new Dictionary<string, string[]>();
        QueryParameters.TryInt(http.Request, "count", DefaultCount, 1, MaxCount, out var count, errors);
        QueryParameters.TryString(http.Request, "category", out var category, errors);
        if (category is not null && !CatalogRules.IsValidLabel(category))
        {
            errors["category"] = ["Must be a catalog category: lower-case letters, digits and '-'."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // One grain call: the user's grain checks the category against its silo's copy of the catalog.
        // It has a deadline: a user whose grain cannot answer in time (its silo just died, and the
        // cluster has not yet declared it dead) gets the popular list, marked as such, instead of a wait.
        var call = UserKeyFilter.UserGrain(http, grains).Recommend(count, category);
        string? degradedBy = null;
        RecommendationList? list;
        try
        {
            list = await call.WaitAsync(TimeSpan.FromMilliseconds(reads.Value.RecommendationDeadlineMilliseconds), http.RequestAborted);
        }
        catch (Exception exception) when (TransientClusterFailure.Is(exception, http.RequestAborted) && fallback.Answer(count, category) is { } popular)
        {
            // The abandoned call may still fail later; its failure is observed here, not left to the finalizer.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            degradedBy = exception is TimeoutException ? "deadline" : "unavailable";
            metrics.Degraded(degradedBy);
            logger.RecommendationDegraded(degradedBy);
            list = popular;
        }

        if (list.UnknownCategory)
        {
            return Problems.Invalid("category", "Not a category of the catalog.");
        }

        product.Recommended(degradedBy is not null ? RecommendationsResponse.Degraded : list.Personalized ? "personalized" : "popular", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new RecommendationsResponse(
            [.. list.Items.Select(i => new RecommendedItemResponse(i.ItemId, i.Score, [.. i.Reasons.Select(r => new ReasonResponse(r.Kind, r.ItemId, r.Category))]))],
            list.Personalized,
            list.ModelVersion,
            degradedBy is null ? null : RecommendationsResponse.Degraded));
    }

    private static async Task<IResult> GetSimilar(string itemId, HttpContext http, IGrainFactory grains)
    {
        if (!CatalogRules.IsValidItemId(itemId))
        {
            return Problems.Invalid("itemId", "Must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }

        var errors = new Dictionary<string, string[]>();
        if (!QueryParameters.TryInt(http.Request, "count", DefaultCount, 1, MaxCount, out var count, errors))
        {
            return Problems.Validation(errors);
        }

        // Answered from the copies of the nearest silo: neither the catalog grain nor the model grain is asked.
        if (await grains.GetGrain<IServingGrain>(IServingGrain.Key).Similar(itemId, count) is not { } similar)
        {
            return Problems.NotFound("No item with this id is in the catalog.");
        }

        return TypedResults.Ok(new SimilarItemsResponse(
            [.. similar.Items.Select(s => new SimilarItemResponse(s.ItemId, s.Score))],
            similar.ModelVersion));
    }
}
