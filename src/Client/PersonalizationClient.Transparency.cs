using System.Net.Http.Json;
using OrleansPersonalization.Client.Models;

namespace OrleansPersonalization.Client;

/// <summary>What answers without a key.</summary>
public sealed partial class PersonalizationClient
{
    public Task<PrivacyNotice> GetPrivacyNoticeAsync(CancellationToken cancellationToken = default) =>
        SendAsync<PrivacyNotice>(HttpMethod.Get, "/v1/privacy/notice", Access.None, null, cancellationToken);

    /// <summary>Whether the service is ready: the cluster and the store answer.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode
            && (await response.Content.ReadFromJsonAsync<Readiness>(Json, cancellationToken).ConfigureAwait(false))?.Status == "ready";
    }
}
