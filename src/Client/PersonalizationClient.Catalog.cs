using OrleansPersonalization.Client.Models;

namespace OrleansPersonalization.Client;

/// <summary>The catalog: changes need the admin key, similar items the app key.</summary>
public sealed partial class PersonalizationClient
{
    public Task<Item> UpsertItemAsync(string itemId, ItemUpdate item, CancellationToken cancellationToken = default) =>
        SendAsync<Item>(HttpMethod.Put, ItemPath(itemId), Access.Admin, item, cancellationToken);

    /// <summary>At most 10,000 items; one invalid item refuses the whole batch.</summary>
    public Task<BatchResult> UpsertItemsAsync(IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default) =>
        SendAsync<BatchResult>(HttpMethod.Put, "/v1/items", Access.Admin, new { items }, cancellationToken);

    public async Task DeleteItemAsync(string itemId, CancellationToken cancellationToken = default) =>
        (await SendRawAsync(HttpMethod.Delete, ItemPath(itemId), Access.Admin, null, cancellationToken).ConfigureAwait(false)).Dispose();

    public Task<SimilarItems> GetSimilarItemsAsync(string itemId, int? count = null, CancellationToken cancellationToken = default) =>
        SendAsync<SimilarItems>(HttpMethod.Get, ItemPath(itemId) + "/similar" + Query(("count", Text(count))), Access.App, null, cancellationToken);

    private static string ItemPath(string itemId)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        return "/v1/items/" + Uri.EscapeDataString(itemId);
    }
}
