namespace OrleansPersonalization.Storage;

/// <summary>One sealed journal entry: behaviour appended after the user's state row was written.</summary>
public sealed record JournalEntry(long Sequence, byte[] Payload);

/// <summary>
/// Per user, the sealed deliveries appended since the state row was last written. A user's entries
/// are read back in sequence order at activation and folded into the state; the state row records
/// the last sequence it holds, so entries up to it are dead and are removed at the next compaction.
/// </summary>
public interface IUserJournal
{
    Task<IReadOnlyList<JournalEntry>> ReadAsync(string userKey, CancellationToken cancellationToken = default);

    /// <summary>Appends one entry, durably; fails when the sequence is already taken (a second activation racing this one).</summary>
    Task AppendAsync(string userKey, long sequence, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>Removes the entries up to and including <paramref name="sequence"/>, once the state row holds them.</summary>
    Task RemoveThroughAsync(string userKey, long sequence, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry of the user, and their bytes from the store's files (erasure).</summary>
    Task RemoveAllAsync(string userKey, CancellationToken cancellationToken = default);
}
