using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Telemetry;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Runs one long administrative operation off any request, from a grain timer, and keeps its outcome.
/// The verification and the rewrap run here, on this silo's services, with no call timeout to outrun;
/// the rebuild is the model grain's, called with the jobs' long timeout. Every kind is idempotent, so
/// a job whose silo died while it ran starts again (at most <see cref="MaxAttempts"/> times) when a
/// durable reminder brings its activation back.
/// </summary>
[GrainType("admin-job")]
public sealed class AdminJobGrain(
    [PersistentState(StorageNames.AdminJobState, StorageNames.Provider)] IPersistentState<AdminJobState> state,
    IGrainFactory grains,
    AuditVerifier verifier,
    KeyRewrap rewrap,
    JobMetrics metrics,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<AdminJobGrain> logger) : Grain, IAdminJobGrain, IRemindable
{
    private const int MaxAttempts = 3;
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);
    private IGrainTimer? _timer;

    /// <summary>What status requests see: the state as last written, never one still on its way to the store.</summary>
    private AdminJobStatus? _visible;

    private string JobId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _visible = state.State.Status;
        if (state.State.Status is { State: AdminJobStatus.Running })
        {
            await ResumeAsync();
        }
    }

    public async Task<AdminJobStatus> Start(string kind, string actorRole)
    {
        if (!AdminJobKinds.All.Contains(kind))
        {
            throw new ArgumentException($"Unknown job kind; one of {string.Join(", ", AdminJobKinds.All)}.", nameof(kind));
        }

        if (state.State.Status is null)
        {
            // The reminder first: a job stored as running always has something that brings it back.
            await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
            await SaveAsync(new AdminJobState { Status = new AdminJobStatus(JobId, kind, AdminJobStatus.Running, clock.GetUtcNow(), null, null, null, null, null), ActorRole = actorRole, Attempts = 1 });
            StartTimer();
        }

        return _visible!;
    }

    public Task<AdminJobStatus?> GetStatus() => Task.FromResult(_visible);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Decided on what is durably written, not on a finish still on its way to the store.
        if (_visible is { State: AdminJobStatus.Running })
        {
            // Still running here (a long rebuild): nothing to do. Otherwise its silo died: run it again.
            if (_timer is null)
            {
                await ResumeAsync();
            }
        }
        else
        {
            await ForgetReminderAsync();
        }
    }

    private async Task ResumeAsync()
    {
        var status = state.State.Status!;
        if (state.State.Attempts >= MaxAttempts)
        {
            metrics.AdminJobFinished(status.Kind, AdminJobStatus.Failed, TimeSpan.Zero);
            await FinishAsync(status with { State = AdminJobStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = $"Interrupted {MaxAttempts} times; start a new job." });
            return;
        }

        await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
        await SaveAsync(state.State with { Attempts = state.State.Attempts + 1 });
        StartTimer();
    }

    private void StartTimer() =>
        // Interleaving, so status requests are answered while the operation runs.
        _timer ??= this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var status = state.State.Status!;
        var actor = state.State.ActorRole;
        var started = Stopwatch.GetTimestamp();
        AdminJobStatus finished;
        try
        {
            finished = status.Kind switch
            {
                AdminJobKinds.ModelRebuild => status with { ModelVersion = (await grains.GetGrain<IModelGrain>(IModelGrain.Key).Rebuild(actor)).Version },
                AdminJobKinds.KeyRewrap => status with { Rewrapped = await rewrap.RunAsync(actor, cancellationToken) },
                _ => status with { Verification = await verifier.VerifyAsync(cancellationToken) },
            };
            finished = finished with { State = AdminJobStatus.Completed };
        }
#pragma warning disable CA1031 // The failure is the job's outcome, reported through its status.
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is shutting down: the job stays running in the store, and the reminder runs it again elsewhere.
            return;
        }
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.AdminJobFailed(exception, JobId, status.Kind);
            finished = status with { State = AdminJobStatus.Failed, Error = "The operation failed; the silo's log has the details. Start a new job to try again." };
        }

        try
        {
            await FinishAsync(finished with { FinishedAt = clock.GetUtcNow() });
            metrics.AdminJobFinished(status.Kind, finished.State, Stopwatch.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // The outcome could not be stored: the job stays running in the store and the reminder runs it again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.AdminJobFailed(exception, JobId, status.Kind);
            DeactivateOnIdle();
        }
    }

    private async Task FinishAsync(AdminJobStatus finished)
    {
        _timer?.Dispose();
        _timer = null;
        await SaveAsync(state.State with { Status = finished });
        await ForgetReminderAsync();
    }

    private async Task SaveAsync(AdminJobState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }

        _visible = next.Status;
    }

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            try
            {
                await this.UnregisterReminder(reminder);
            }
            catch (ReminderException)
            {
                // A reminder tick that interleaved removed it first.
            }
        }
    }
}
