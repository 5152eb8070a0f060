using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Telemetry;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Erases users in batches from a grain timer, persisting progress after each batch. While the job
/// runs, a durable reminder brings its activation back after a crash or restart, so the job
/// resumes where it stopped without anybody asking for its status.
/// </summary>
[GrainType("erasure-job")]
public sealed class ErasureJobGrain(
    [PersistentState(StorageNames.ErasureJobState, StorageNames.Provider)] IPersistentState<ErasureJobState> state,
    IGrainFactory grains,
    IAuditTrail audit,
    JobMetrics metrics,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<ErasureJobGrain> logger) : Grain, IErasureJobGrain, IRemindable
{
    private const int BatchSize = 64;
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);
    private IGrainTimer? _timer;

    private string JobId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status == ErasureJobStatus.Running)
        {
            StartTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<ErasureJobStatus> Start(ImmutableArray<string> userKeys, string? reason, string actorRole)
    {
        if (state.State.Status is null)
        {
            state.State = new ErasureJobState
            {
                Status = ErasureJobStatus.Running,
                ActorRole = actorRole,
                PendingKeys = userKeys,
                Total = userKeys.Length,
                CreatedAt = clock.GetUtcNow(),
            };
            await state.WriteStateAsync();
            metrics.ErasureJobStarted(userKeys.Length);
            await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
            // The trail keeps what it is given forever: a reason goes in only when it is a token (a
            // ticket number, a policy clause), never free text an admin may have typed a name into.
            await audit.AppendAsync(AuditKinds.ErasureJob, actorRole, null, $"job={JobId} started total={userKeys.Length} reason={AuditReasons.ForTrail(reason)}");
            StartTimer();
        }

        return Status();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Status == ErasureJobStatus.Running)
        {
            StartTimer();
        }
        else if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<ErasureJobStatus?> GetStatus() =>
        Task.FromResult(state.State.Status is null ? null : Status());

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(ProcessBatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)) { KeepAlive = true });

    private async Task ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var job = state.State;
        if (job.Status != ErasureJobStatus.Running)
        {
            StopTimer();
            return;
        }

        var start = job.Receipts.Count;
        var count = Math.Min(BatchSize, job.Total - start);
        var receipts = await Task.WhenAll(Enumerable.Range(start, count).Select(i => EraseOne(i, job.PendingKeys[i], job.ActorRole)));
        job = job with { Receipts = job.Receipts.AddRange(receipts) };

        if (job.Receipts.Count >= job.Total)
        {
            job = job with { Status = ErasureJobStatus.Completed, PendingKeys = [], CompletedAt = clock.GetUtcNow() };
        }

        state.State = job;
        await state.WriteStateAsync(cancellationToken);
        var erased = receipts.Count(r => r.Status == "erased");
        metrics.ErasureJobProcessed(erased, receipts.Length - erased);

        if (job.Status == ErasureJobStatus.Completed)
        {
            var status = Status();
            await audit.AppendAsync(AuditKinds.ErasureJob, job.ActorRole, null, $"job={JobId} completed done={status.Done} failed={status.Failed}", cancellationToken);
            logger.ErasureJobFinished(JobId, status.Done, status.Failed);
            StopTimer();
            if (await this.GetReminder(ResumeReminder, cancellationToken) is { } reminder)
            {
                await this.UnregisterReminder(reminder, cancellationToken);
            }
        }
    }

    private async Task<ErasureJobReceipt> EraseOne(int index, string userKey, string actorRole)
    {
        try
        {
            var receipt = await grains.Reference<IUserGrain>(userKey).Erase(new ErasureCommand(actorRole, $"job={JobId}"));
            return new ErasureJobReceipt(index, receipt.ReceiptId, receipt.ErasedAt, "erased");
        }
#pragma warning disable CA1031 // One user's failure is reported in its receipt and must not stop the job.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.ErasureJobEntryFailed(exception, JobId, index);
            return new ErasureJobReceipt(index, null, null, "failed");
        }
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private ErasureJobStatus Status()
    {
        var job = state.State;
        var done = job.Receipts.Count(r => r.Status == "erased");
        return new ErasureJobStatus(JobId, job.Status!, job.Total, done, job.Receipts.Count - done, [.. job.Receipts]);
    }
}
