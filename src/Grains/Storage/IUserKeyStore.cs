using OrleansPersonalization.Domain.Protection;

namespace OrleansPersonalization.Storage;

/// <summary>
/// Each user's wrapped data key, kept apart from the grain state (its own file in the embedded
/// store, its own table in PostgreSQL). Deleting a user's key makes every copy of their stored
/// state unreadable, backups included: crypto-shredding.
/// </summary>
public interface IUserKeyStore
{
    Task<WrappedKey?> FindAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Stores the key unless the user already has one; returns the one that is stored.</summary>
    Task<WrappedKey> AddIfAbsentAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default);

    /// <summary>Replaces a user's wrapped key (the same data key, wrapped with another master key).</summary>
    Task ReplaceAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default);

    /// <summary>The next key of a rotation in progress, or null.</summary>
    Task<WrappedKey?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Keeps a user's next data key beside the current one (replacing any earlier pending key).</summary>
    Task SetPendingAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default);

    /// <summary>Makes the pending key the user's key; the previous key's bytes leave the store's files.</summary>
    Task PromotePendingAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user's key so that its bytes leave the store's files.</summary>
    Task DeleteAsync(string userKey, CancellationToken cancellationToken = default);

    IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync(CancellationToken cancellationToken = default);
}
