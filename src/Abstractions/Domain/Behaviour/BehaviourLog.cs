using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Behaviour;

/// <summary>
/// Recent behaviour as a bounded buffer ordered by event time (oldest first). Every operation
/// returns the buffer with expired and surplus events already removed, so no caller can keep
/// more than the policy allows.
/// </summary>
public static class BehaviourLog
{
    public static ImmutableArray<BehaviourEvent> Append(
        ImmutableArray<BehaviourEvent> events,
        IEnumerable<BehaviourEvent> additions,
        RetentionPolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var merged = events.AddRange(WithoutRepeats(events, additions))
            .Select((e, i) => (Event: e, Arrival: i))
            .OrderBy(x => x.Event.At)
            .ThenBy(x => x.Arrival)
            .Select(x => x.Event)
            .ToImmutableArray();
        return Prune(merged, policy, now);
    }

    /// <summary>The additions whose event id is neither in the buffer nor earlier in the same batch.</summary>
    public static IEnumerable<BehaviourEvent> WithoutRepeats(ImmutableArray<BehaviourEvent> events, IEnumerable<BehaviourEvent> additions)
    {
        ArgumentNullException.ThrowIfNull(additions);
        HashSet<string>? seen = null;
        foreach (var addition in additions)
        {
            if (addition.EventId is { } id)
            {
                seen ??= events.IsDefault ? new(StringComparer.Ordinal) : [.. events.Select(e => e.EventId).OfType<string>()];
                if (!seen.Add(id))
                {
                    continue;
                }
            }

            yield return addition;
        }
    }

    public static ImmutableArray<BehaviourEvent> Prune(
        ImmutableArray<BehaviourEvent> events,
        RetentionPolicy policy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var oldestKept = policy.OldestKept(now);
        var kept = events.Where(e => e.At > oldestKept).ToList();
        if (kept.Count > policy.MaxEvents)
        {
            kept.RemoveRange(0, kept.Count - policy.MaxEvents);
        }

        return kept.Count == events.Length ? events : [.. kept];
    }

    /// <summary>When the oldest kept event expires, or null when nothing is kept.</summary>
    public static DateTimeOffset? NextExpiry(ImmutableArray<BehaviourEvent> events, RetentionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return events.IsDefaultOrEmpty ? null : events.Min(e => e.At) + policy.Retention;
    }

    public static ImmutableSortedSet<string> DistinctItems(ImmutableArray<BehaviourEvent> events) =>
        events.IsDefault ? [] : events.Select(e => e.ItemId).ToImmutableSortedSet(StringComparer.Ordinal);

    /// <summary>What a user contributes to the shared model: the most recent distinct items, at most <paramref name="max"/>.</summary>
    public static ImmutableSortedSet<string> ContributionSet(ImmutableArray<BehaviourEvent> events, int max)
    {
        if (events.IsDefaultOrEmpty)
        {
            return [];
        }

        var recent = new List<string>(Math.Min(max, events.Length));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = events.Length - 1; i >= 0 && recent.Count < max; i--)
        {
            if (seen.Add(events[i].ItemId))
            {
                recent.Add(events[i].ItemId);
            }
        }

        return recent.ToImmutableSortedSet(StringComparer.Ordinal);
    }
}
