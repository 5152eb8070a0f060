using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Logging;

namespace OrleansPersonalization.Grains;

/// <summary>
/// A silo's own copy of something one grain owns (the model, the catalog), kept current by a long
/// poll: the owner answers as soon as it changes (at most a few seconds later when nothing does), so
/// requests read the copy with no grain call and still see a change within milliseconds.
/// </summary>
public abstract class SiloLocalCopy(ILogger logger, string name, TimeSpan pauseAfterFailure) : BackgroundService
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(5);

    /// <summary>Fetches what changed now, without waiting, if anything did.</summary>
    public Task RefreshAsync() => RefreshAsync(TimeSpan.Zero, CancellationToken.None);

    /// <summary>Brings the copy up to date; when it already is, waits up to <paramref name="wait"/> for a change.</summary>
    protected abstract Task RefreshAsync(TimeSpan wait, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(LongPoll, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed, the loop must live on, with a pause so a failing owner is not
                // hammered; meanwhile the previous copy keeps serving.
                logger.SnapshotRefreshFailed(name, exception);
                await Task.Delay(pauseAfterFailure, stoppingToken);
            }
        }
    }
}
