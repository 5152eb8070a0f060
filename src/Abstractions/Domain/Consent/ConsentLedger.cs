using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Consent;

/// <summary>
/// Consent per purpose plus an append-only history of changes. The history is bounded so a
/// client that toggles consent in a loop cannot grow the state without limit; the oldest entries
/// go first, while the current decision of each purpose keeps its own time, policy and source.
/// </summary>
[GenerateSerializer, Immutable, Alias("consent-ledger")]
public sealed record ConsentLedger
{
    [Id(0)] public ImmutableSortedDictionary<string, ConsentDecision> Decisions { get; init; } =
        ImmutableSortedDictionary<string, ConsentDecision>.Empty;

    [Id(1)] public ImmutableList<ConsentChange> History { get; init; } = [];

    public static ConsentLedger Empty { get; } = new();

    public bool IsGranted(string purpose) =>
        Decisions.TryGetValue(purpose, out var decision) && decision.Granted;

    public ConsentDecision DecisionFor(string purpose) =>
        Decisions.TryGetValue(purpose, out var decision) ? decision : ConsentDecision.NeverDecided;

    /// <summary>
    /// Applies the requested decisions. A request that repeats the current value under the same
    /// policy version is not a change and leaves no history entry; a re-grant under a new policy
    /// version is recorded, because it is new proof.
    /// </summary>
    public ConsentLedger Apply(
        IReadOnlyDictionary<string, bool> requested,
        string policyVersion,
        string source,
        DateTimeOffset at,
        int maxHistory)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHistory, 1);

        var decisions = Decisions;
        var history = History;
        foreach (var (purpose, granted) in requested.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Purposes.IsKnown(purpose))
            {
                throw new ArgumentException("Unknown purpose.", nameof(requested));
            }

            var current = DecisionFor(purpose);
            if (current.At is not null && current.Granted == granted && current.PolicyVersion == policyVersion)
            {
                continue;
            }

            decisions = decisions.SetItem(purpose, new ConsentDecision(granted, at, policyVersion, source));
            history = history.Add(new ConsentChange(purpose, granted, at, policyVersion, source));
        }

        if (history.Count > maxHistory)
        {
            history = history.RemoveRange(0, history.Count - maxHistory);
        }

        return this with { Decisions = decisions, History = history };
    }
}
