using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Silo.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Retention;

/// <summary>
/// Storage limitation for users who never come back: periodically visits every user whose oldest
/// behaviour has passed its retention deadline, so the grain removes it from the store.
/// </summary>
public sealed class RetentionSweeper(
    IRetentionSchedule schedule,
    IGrainFactory grains,
    IOptions<PrivacyOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 256;

    /// <summary>Visits every user that is due now; returns how many were visited.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var visited = 0;
        while (true)
        {
            var due = await schedule.DueAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var outcomes = await Task.WhenAll(due.Select(VisitAsync));
            visited += outcomes.Count(ok => ok);
            if (outcomes.Any(ok => !ok))
            {
                // The failed users keep their schedule entries; the next sweep visits them again.
                break;
            }

            if (due.Count < BatchSize)
            {
                break;
            }
        }

        if (visited > 0)
        {
            logger.RetentionSwept(visited);
        }

        return visited;
    }

    private async Task<bool> VisitAsync(string userKey)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(userKey).EnforceRetention();
            return true;
        }
        catch (OrleansException exception)
        {
            logger.RetentionVisitFailed(exception);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.RetentionSweepMinutes), clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The next period retries; a failed sweep must not stop the silo.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.RetentionSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
