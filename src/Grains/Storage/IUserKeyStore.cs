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

    /// <summary>
    /// Replaces a user's wrapped key by the same data key wrapped with another master key, only if
    /// the stored key is still <paramref name="expected"/> (a rotation in between wins); the same
    /// for a pending key when <paramref name="pending"/> is true. Returns whether it replaced.
    /// </summary>
    Task<bool> ReplaceAsync(string userKey, WrappedKey expected, WrappedKey key, bool pending = false, CancellationToken cancellationToken = default);

    /// <summary>The next key of a rotation in progress, or null.</summary>
    Task<WrappedKey?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Keeps a user's next data key beside the current one; false when a pending key is already there.</summary>
    Task<bool> SetPendingAsync(string userKey, WrappedKey key, CancellationToken cancellationToken = default);

    /// <summary>Drops a pending key that no stored state was sealed with.</summary>
    Task ClearPendingAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Makes the pending key the user's key; the previous key's bytes leave the store's files.</summary>
    Task PromotePendingAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes the user's key so that its bytes leave the store's files.</summary>
    Task DeleteAsync(string userKey, CancellationToken cancellationToken = default);

    IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Every pending key of a rotation in progress.</summary>
    IAsyncEnumerable<(string UserKey, WrappedKey Key)> AllPendingAsync(CancellationToken cancellationToken = default);
}
