using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Domain.Protection;

/// <summary>
/// Whether a state change removes personal data: an event leaves the buffer (withdrawal,
/// retention, the size bound), the profile is changed or deleted, a contributed item goes, or old
/// consent history is dropped. Such a change re-keys the user's state, because the store keeps
/// older versions of a row where no delete reaches them (SQLite's WAL and free pages, PostgreSQL's
/// dead tuples, its WAL and replicas, backups); once the old data key is destroyed they are
/// ciphertext under a key that no longer exists. Pure additions keep the key.
/// </summary>
public static class DataRemoval
{
    public static bool Removes(
        ImmutableArray<BehaviourEvent> eventsBefore, ImmutableArray<BehaviourEvent> eventsAfter,
        UserProfile? profileBefore, UserProfile? profileAfter,
        ImmutableSortedSet<string> contributionBefore, ImmutableSortedSet<string> contributionAfter,
        ConsentLedger consentBefore, ConsentLedger consentAfter)
    {
        ArgumentNullException.ThrowIfNull(contributionBefore);
        ArgumentNullException.ThrowIfNull(contributionAfter);
        ArgumentNullException.ThrowIfNull(consentBefore);
        ArgumentNullException.ThrowIfNull(consentAfter);
        if (profileBefore is not null && profileBefore != profileAfter)
        {
            return true;
        }

        if (!contributionBefore.IsSubsetOf(contributionAfter))
        {
            return true;
        }

        if (consentBefore.History.Except(consentAfter.History).Any())
        {
            return true;
        }

        if (eventsBefore.IsDefaultOrEmpty)
        {
            return false;
        }

        var kept = eventsAfter.IsDefault ? [] : eventsAfter.ToHashSet();
        return eventsBefore.Any(e => !kept.Contains(e));
    }
}
