using System.Collections.Immutable;

namespace OrleansPersonalization.Storage;

/// <summary>Reads what stored users contribute to the shared model, straight from the store (no activations).</summary>
public interface IUserDirectory
{
    IAsyncEnumerable<(string UserKey, ImmutableSortedSet<string> Items)> ContributionsAsync(CancellationToken cancellationToken = default);
}
