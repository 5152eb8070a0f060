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

    /// <summary>A user whose visit failed is looked at again after this, so one user can never hold up the rest.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromHours(1);

    // One sweep at a time: a sweep that starts while another is visiting waits for it, so when
    // SweepOnceAsync returns, every user due when it was called has been dealt with (a visit in
    // flight moves its user's deadline before it has finished writing).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Visits every user that is due now; returns how many were visited.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await SweepAsync(cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public override void Dispose()
    {
        _oneAtATime.Dispose();
        base.Dispose();
    }

    private async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var visited = 0;
        while (true)
        {
            var due = await schedule.DueAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var outcomes = await Task.WhenAll(due.Select(key => VisitAsync(key, cancellationToken)));
            visited += outcomes.Count(ok => ok);
            if (outcomes.All(ok => !ok))
            {
                // Nothing in this batch could be visited (the cluster itself is failing): try again next period.
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

    /// <summary>
    /// Visits one user. Whatever goes wrong for that user is theirs alone: it is logged, their entry
    /// is moved past this sweep so the loop reaches everybody else, and a later sweep tries again.
    /// </summary>
    private async Task<bool> VisitAsync(string userKey, CancellationToken cancellationToken)
    {
        try
        {
            await grains.Reference<IUserGrain>(userKey).EnforceRetention();
            return true;
        }
#pragma warning disable CA1031 // One user's failure must not stop the sweep for everybody else.
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.RetentionVisitFailed(exception);
            try
            {
                await schedule.SetAsync(userKey, clock.GetUtcNow() + RetryAfterFailure, cancellationToken);
            }
#pragma warning disable CA1031 // The store itself is failing: the entry stays due and the batch loop ends.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

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
