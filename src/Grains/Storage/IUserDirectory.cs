using System.Collections.Immutable;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Storage;

/// <summary>Reads stored users straight from the store (no activations), opening their sealed state with their data keys.</summary>
public interface IUserDirectory
{
    /// <summary>What every stored user contributes to the shared model.</summary>
    IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(CancellationToken cancellationToken = default);

    /// <summary>One user's stored state, or null when there is no row or it can no longer be opened.</summary>
    Task<UserState?> FindAsync(string userKey, CancellationToken cancellationToken = default);
}
