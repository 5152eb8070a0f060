namespace OrleansPersonalization.Storage;

/// <summary>
/// When each user's oldest behaviour expires, so a sweep can reach users who never come back
/// without scanning every row. It is an index: the user grain's state stays the truth, and an
/// entry that is too early only costs a wasted visit.
/// </summary>
public interface IRetentionSchedule
{
    /// <summary>Sets the due time, or removes the entry when <paramref name="dueAt"/> is null.</summary>
    Task SetAsync(string userKey, DateTimeOffset? dueAt, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);
}
