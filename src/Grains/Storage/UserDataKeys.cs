using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Logging;

namespace OrleansPersonalization.Storage;

/// <summary>Per-user data keys: created on a user's first write, unwrapped with the master key ring, shredded on erasure.</summary>
public sealed class UserDataKeys(IUserKeyStore store, MasterKeyRing ring, ILogger<UserDataKeys> logger)
{
    public async Task<byte[]> GetOrCreateAsync(string userKey, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(userKey, cancellationToken) is { } existing)
        {
            return ring.Unwrap(existing, userKey);
        }

        var (_, wrapped) = ring.NewDataKey(userKey);
        var stored = await store.AddIfAbsentAsync(userKey, wrapped, cancellationToken);
        return ring.Unwrap(stored, userKey);
    }

    /// <summary>The user's data key, or null when there is none (never written, or shredded).</summary>
    public async Task<byte[]?> FindAsync(string userKey, CancellationToken cancellationToken = default) =>
        await store.FindAsync(userKey, cancellationToken) is { } wrapped ? ring.Unwrap(wrapped, userKey) : null;

    /// <summary>The next key of a rotation that a crash interrupted, or null.</summary>
    public async Task<byte[]?> FindPendingAsync(string userKey, CancellationToken cancellationToken = default) =>
        await store.FindPendingAsync(userKey, cancellationToken) is { } wrapped ? ring.Unwrap(wrapped, userKey) : null;

    /// <summary>
    /// A new data key for the user, kept beside the current one: the state is sealed with it next,
    /// then <see cref="CompleteRotationAsync"/> destroys the old key. Either key opens the state at
    /// every point in between, so a crash loses nothing.
    /// </summary>
    public async Task<byte[]> BeginRotationAsync(string userKey, CancellationToken cancellationToken = default)
    {
        var (dataKey, wrapped) = ring.NewDataKey(userKey);

        // Never over another pending key: the stored state may be sealed with it (a rotation whose
        // last step failed); the activation that opens the state settles it first.
        if (!await store.SetPendingAsync(userKey, wrapped, cancellationToken))
        {
            throw new InvalidOperationException("A key rotation of this user is unfinished; it is completed when the user is next activated.");
        }

        return dataKey;
    }

    public Task CompleteRotationAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.PromotePendingAsync(userKey, cancellationToken);

    /// <summary>Drops the pending key of a rotation that stopped before the state sealed with it was written.</summary>
    public Task AbandonRotationAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.ClearPendingAsync(userKey, cancellationToken);

    public Task ShredAsync(string userKey, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(userKey, cancellationToken);

    /// <summary>Every data key that can be unwrapped, for reading many stored users at once (a model rebuild).</summary>
    public async Task<Dictionary<string, byte[]>> AllAsync(CancellationToken cancellationToken = default)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var (userKey, wrapped) in store.AllAsync(cancellationToken))
        {
            try
            {
                keys[userKey] = ring.Unwrap(wrapped, userKey);
            }
            catch (CryptographicException)
            {
                // One key under a retired master key must not stop reading everybody else.
                logger.DataKeyUnreadable(UserKeys.Digest(userKey));
            }
        }

        return keys;
    }

    /// <summary>
    /// Re-wraps every data key not yet under the current master key, pending keys of unfinished
    /// rotations included; returns how many. Safe to run while serving: each replacement applies
    /// only if the key is still the one read, so a user re-keyed meanwhile keeps the newer key.
    /// </summary>
    public async Task<int> RewrapAsync(CancellationToken cancellationToken = default)
    {
        var rewrapped = 0;
        foreach (var pending in new[] { false, true })
        {
            var stale = new List<(string UserKey, WrappedKey Key)>();
            await foreach (var entry in pending ? store.AllPendingAsync(cancellationToken) : store.AllAsync(cancellationToken))
            {
                if (entry.Key.MasterKeyId != ring.CurrentId)
                {
                    stale.Add(entry);
                }
            }

            foreach (var (userKey, wrapped) in stale)
            {
                if (await store.ReplaceAsync(userKey, wrapped, ring.Wrap(ring.Unwrap(wrapped, userKey), userKey), pending, cancellationToken))
                {
                    rewrapped++;
                }
            }
        }

        return rewrapped;
    }
}
