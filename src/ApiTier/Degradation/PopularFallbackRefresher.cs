using OrleansPersonalization.Api.Logging;
using OrleansPersonalization.Contracts;
using Microsoft.Extensions.Options;

namespace OrleansPersonalization.Api.Degradation;

/// <summary>Takes a new copy of the popular lists every few seconds, so degraded answers follow the model.</summary>
public sealed class PopularFallbackRefresher(
    IGrainFactory grains,
    PopularFallback fallback,
    IOptions<ReadDeadlineOptions> options,
    ILogger<PopularFallbackRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.PopularRefreshSeconds));
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                fallback.Replace(await grains.GetGrain<IServingGrain>(IServingGrain.Key).Popular().WaitAsync(interval, stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Until the cluster answers (it may still be starting), the previous copy stays.
                logger.PopularListsNotRefreshed(exception.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
