namespace OrleansPersonalization.Contracts;

/// <summary>
/// A silo's own copy of the catalog, present only where the API tier co-hosts a silo: a catalog
/// write through this host waits until the copy holds it, so the client's next request sees it.
/// </summary>
public interface ILocalCatalogCopy
{
    /// <summary>Waits (at most <paramref name="timeout"/>) until the copy holds <paramref name="version"/> or newer.</summary>
    Task<bool> WaitForVersionAsync(long version, TimeSpan timeout);
}
