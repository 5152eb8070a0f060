using OrleansPersonalization.Client.Models;

namespace OrleansPersonalization.Client;

/// <summary>Data-subject endpoints: the app key, or a token scoped to the user.</summary>
public sealed partial class PersonalizationClient
{
    public Task<ConsentState> GetConsentAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<ConsentState>(HttpMethod.Get, UserPath(userId) + "/consent", Access.Subject, null, cancellationToken);

    public Task<ConsentState> SetConsentAsync(string userId, ConsentUpdate update, CancellationToken cancellationToken = default) =>
        SendAsync<ConsentState>(HttpMethod.Put, UserPath(userId) + "/consent", Access.Subject, update, cancellationToken);

    public Task<EventAccepted> RecordEventAsync(string userId, NewEvent behaviour, CancellationToken cancellationToken = default) =>
        SendAsync<EventAccepted>(HttpMethod.Post, UserPath(userId) + "/events", Access.App, behaviour, cancellationToken);

    /// <summary>At most 1,000 events; one invalid event refuses the whole batch.</summary>
    public Task<BulkEventsResult> RecordEventsAsync(IReadOnlyList<BulkEvent> events, CancellationToken cancellationToken = default) =>
        SendAsync<BulkEventsResult>(HttpMethod.Post, "/v1/events", Access.App, new { events }, cancellationToken);

    public Task<Profile> GetProfileAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<Profile>(HttpMethod.Get, UserPath(userId) + "/profile", Access.Subject, null, cancellationToken);

    public Task<Profile> SetProfileAsync(string userId, Profile profile, CancellationToken cancellationToken = default) =>
        SendAsync<Profile>(HttpMethod.Put, UserPath(userId) + "/profile", Access.Subject, profile, cancellationToken);

    public Task<Recommendations> GetRecommendationsAsync(string userId, int? count = null, string? category = null, CancellationToken cancellationToken = default) =>
        SendAsync<Recommendations>(HttpMethod.Get, UserPath(userId) + "/recommendations" + Query(("count", Text(count)), ("category", category)), Access.App, null, cancellationToken);

    public Task<DataExport> ExportAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<DataExport>(HttpMethod.Get, UserPath(userId) + "/data", Access.Subject, null, cancellationToken);

    public Task<ErasureReceipt> EraseAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<ErasureReceipt>(HttpMethod.Delete, UserPath(userId), Access.Subject, null, cancellationToken);

    /// <summary>For an application's backend: a short-lived token scoped to this user, for their browser.</summary>
    public Task<UserToken> IssueUserTokenAsync(string userId, CancellationToken cancellationToken = default) =>
        SendAsync<UserToken>(HttpMethod.Post, UserPath(userId) + "/token", Access.App, null, cancellationToken);
}
