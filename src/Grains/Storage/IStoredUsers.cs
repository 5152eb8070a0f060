namespace OrleansPersonalization.Storage;

/// <summary>A user as the store holds them: the sealed state row (the storage provider's JSON) and its journal.</summary>
public sealed record StoredUser(string UserKey, ReadOnlyMemory<byte> Row, IReadOnlyList<JournalEntry> Journal);

/// <summary>Reads stored users straight from the store, sealed as they are; <see cref="UserDirectory"/> opens them.</summary>
public interface IStoredUsers
{
    IAsyncEnumerable<StoredUser> AllAsync(CancellationToken cancellationToken = default);

    Task<StoredUser?> FindAsync(string userKey, CancellationToken cancellationToken = default);
}
