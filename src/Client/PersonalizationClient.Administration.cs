using OrleansPersonalization.Client.Models;

namespace OrleansPersonalization.Client;

/// <summary>Administration: the admin key.</summary>
public sealed partial class PersonalizationClient
{
    public Task<ErasureJobStarted> StartErasureJobAsync(ErasureJobRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ErasureJobStarted>(HttpMethod.Post, "/v1/admin/erasures", Access.Admin, request, cancellationToken);

    /// <summary>The job, or null when there is none with this id.</summary>
    public Task<ErasureJob?> GetErasureJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        OrNullAsync(SendAsync<ErasureJob>(HttpMethod.Get, "/v1/admin/erasures/" + Uri.EscapeDataString(jobId), Access.Admin, null, cancellationToken));

    /// <summary>The job's receipts as CSV: <c>index,status,receiptId,erasedAt</c>.</summary>
    public async Task<string> GetErasureReceiptsCsvAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "/v1/admin/erasures/" + Uri.EscapeDataString(jobId) + "/receipts.csv", Access.Admin, null, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<AuditPage> QueryAuditAsync(AuditFilter? filter = null, string? subject = null, string? receipt = null, CancellationToken cancellationToken = default) =>
        SendAsync<AuditPage>(HttpMethod.Get, "/v1/admin/audit" + AuditQuery(filter, ("subject", subject), ("receipt", receipt)), Access.Admin, null, cancellationToken);

    /// <summary>The entries about one user, by the id this client knows them by; the service pseudonymizes it and records the search.</summary>
    public Task<AuditPage> SearchAuditByUserAsync(string userId, AuditFilter? filter = null, CancellationToken cancellationToken = default) =>
        SendAsync<AuditPage>(HttpMethod.Post, "/v1/admin/audit/search" + AuditQuery(filter), Access.Admin, new { userId }, cancellationToken);

    /// <summary>Starts a long operation (<see cref="AdminJobKinds"/>); follow it with <see cref="GetJobAsync"/> or <see cref="WaitForJobAsync"/>.</summary>
    public Task<AdminJob> StartJobAsync(string kind, CancellationToken cancellationToken = default) =>
        SendAsync<AdminJob>(HttpMethod.Post, "/v1/admin/jobs", Access.Admin, new { kind }, cancellationToken);

    public Task<AdminJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        OrNullAsync(SendAsync<AdminJob>(HttpMethod.Get, "/v1/admin/jobs/" + Uri.EscapeDataString(jobId), Access.Admin, null, cancellationToken));

    /// <summary>Polls the job until it has ended.</summary>
    public async Task<AdminJob> WaitForJobAsync(string jobId, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false)
                ?? throw new PersonalizationApiException($"No job {jobId}.");
            if (!job.IsRunning)
            {
                return job;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a rebuild of the shared model, as a job; follow it with <see cref="WaitForJobAsync"/>.</summary>
    public Task<RebuildStarted> RebuildModelAsync(CancellationToken cancellationToken = default) =>
        SendAsync<RebuildStarted>(HttpMethod.Post, "/v1/admin/model/rebuild", Access.Admin, null, cancellationToken);

    public Task<ModelStatus> GetModelAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ModelStatus>(HttpMethod.Get, "/v1/admin/model", Access.Admin, null, cancellationToken);

    private static string AuditQuery(AuditFilter? filter, params (string Name, string? Value)[] more) =>
        Query([
            ("from", Text(filter?.From)),
            ("to", Text(filter?.To)),
            ("kind", filter?.Kind),
            ("limit", Text(filter?.Limit)),
            ("after", filter?.After?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. more,
        ]);

    private static async Task<T?> OrNullAsync<T>(Task<T> call)
        where T : class
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (PersonalizationApiException exception) when (IsNotFound(exception))
        {
            return null;
        }
    }
}
