namespace OrleansPersonalization.Contracts;

/// <summary>
/// An operation that may run longer than any client should wait for a response (a model rebuild, a
/// key rewrap, a walk of the whole audit chain), run as a job with a status resource. Keyed by job id.
/// </summary>
[Alias("admin-job")]
public interface IAdminJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job once; later calls with the same id change nothing and answer its status.</summary>
    [Alias("start"), ResponseTimeout(LongOperations.Timeout)]
    Task<AdminJobStatus> Start(string kind, string actorRole);

    [Alias("get-status")]
    Task<AdminJobStatus?> GetStatus();
}
