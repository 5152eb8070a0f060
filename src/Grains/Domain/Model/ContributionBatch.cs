using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The contribution changes waiting to go to the model together. A contribution is a whole set, not
/// a difference, so a user's newer set replaces the older one: a burst of a user's events becomes
/// one change, and the batch never holds two sets of one user that could arrive out of order.
/// </summary>
public sealed class ContributionBatch
{
    private Dictionary<string, ImmutableSortedSet<string>> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    public void Set(string userKey, ImmutableSortedSet<string> items)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        ArgumentNullException.ThrowIfNull(items);
        _pending[userKey] = items;
    }

    /// <summary>
    /// Everything pending, leavers first: the model takes a leaver out exactly only while it still
    /// holds exactly what it was fitted on, which the other changes in the batch end.
    /// </summary>
    public ImmutableArray<ContributionChange> Take()
    {
        var taken = _pending;
        _pending = new(StringComparer.Ordinal);
        return
        [
            .. taken.Where(p => p.Value.IsEmpty).Select(p => new ContributionChange(p.Key, p.Value)),
            .. taken.Where(p => !p.Value.IsEmpty).Select(p => new ContributionChange(p.Key, p.Value)),
        ];
    }
}
