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
/// Every kind is idempotent, so a job whose silo died while it ran starts again when its activation
/// comes back (its next status request), up to <see cref="MaxAttempts"/> times.
/// </summary>
[GrainType("admin-job")]
public sealed class AdminJobGrain(
    [PersistentState(StorageNames.AdminJobState, StorageNames.Provider)] IPersistentState<AdminJobState> state,
    IGrainFactory grains,
    JobMetrics metrics,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<AdminJobGrain> logger) : Grain, IAdminJobGrain
{
    private const int MaxAttempts = 3;
    private IGrainTimer? _timer;

    private string JobId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status is { State: AdminJobStatus.Running } status)
        {
            if (state.State.Attempts >= MaxAttempts)
            {
                await FinishAsync(status with { State = AdminJobStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = $"Interrupted {MaxAttempts} times; start a new job." });
            }
            else
            {
                await BeginAsync(status, state.State.ActorRole);
            }
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
            await BeginAsync(new AdminJobStatus(JobId, kind, AdminJobStatus.Running, clock.GetUtcNow(), null, null, null, null, null), actorRole);
        }

        return state.State.Status!;
    }

    public Task<AdminJobStatus?> GetStatus() => Task.FromResult(state.State.Status);

    private async Task BeginAsync(AdminJobStatus status, string actorRole)
    {
        state.State = new AdminJobState { Status = status, ActorRole = actorRole, Attempts = state.State.Attempts + 1 };
        await state.WriteStateAsync();

        // Interleaving, so status requests are answered while the operation runs; kept alive until it ends.
        _timer ??= this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

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
                AdminJobKinds.KeyRewrap => status with { Rewrapped = await grains.GetGrain<IOperationsGrain>(0).RewrapKeys(actor) },
                _ => status with { Verification = await grains.GetGrain<IOperationsGrain>(0).VerifyAudit() },
            };
            finished = finished with { State = AdminJobStatus.Completed };
        }
#pragma warning disable CA1031 // The failure is the job's outcome, reported through its status.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.AdminJobFailed(exception, JobId, status.Kind);
            finished = status with { State = AdminJobStatus.Failed, Error = "The operation failed; the silo's log has the details. Start a new job to try again." };
        }

        metrics.AdminJobFinished(status.Kind, finished.State, Stopwatch.GetElapsedTime(started));
        await FinishAsync(finished with { FinishedAt = clock.GetUtcNow() });
    }

    private async Task FinishAsync(AdminJobStatus finished)
    {
        _timer?.Dispose();
        _timer = null;
        state.State = state.State with { Status = finished };
        await state.WriteStateAsync();
    }
}
