using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>Stored users opened without activations (a model rebuild, an inspection), with their data keys.</summary>
public sealed class UserDirectory(IStoredUsers users, UserDataKeys keys, StoredUserState stored)
{
    /// <summary>What every stored user contributes to the shared model.</summary>
    public async IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One read of the keys for the whole walk; a user re-keyed since is opened with their keys as they are now.
        var dataKeys = await keys.AllAsync(cancellationToken);
        await foreach (var user in users.AllAsync(cancellationToken))
        {
            var items = (await stored.OpenAsync(user, dataKeys, cancellationToken))?.ContributedItems ?? [];
            if (!items.IsEmpty)
            {
                yield return (user.UserKey, items);
            }
        }
    }

    /// <summary>One user's stored state, or null when there is no row or it can no longer be opened.</summary>
    public async Task<UserState?> FindAsync(string userKey, CancellationToken cancellationToken = default) =>
        await users.FindAsync(userKey, cancellationToken) is { } user ? await stored.OpenAsync(user, null, cancellationToken) : null;
}
