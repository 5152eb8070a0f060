using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// The reference models' view of a training part: every user's distinct items, uncapped (a
/// reference is not bound by what the cluster keeps), as exact co-occurrence counts.
/// </summary>
public sealed class TrainingItems
{
    public TrainingItems(IReadOnlyDictionary<string, List<Interaction>> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        Statistics = new CooccurrenceStatistics();
        foreach (var (user, interactions) in train)
        {
            Statistics.SetContribution(user, [.. interactions.Select(i => i.ItemId).Distinct(StringComparer.Ordinal)]);
        }

        Ids = [.. Statistics.ItemCounts().Keys];
        Positions = Ids.Select((id, i) => KeyValuePair.Create(id, i)).ToDictionary(StringComparer.Ordinal);
    }

    public CooccurrenceStatistics Statistics { get; }

    /// <summary>Every training item in ordinal order; a position indexes it.</summary>
    public string[] Ids { get; }

    public Dictionary<string, int> Positions { get; }

    /// <summary>The distinct training positions of a history (items nobody trained on are left out).</summary>
    public HashSet<int> PositionsOf(IReadOnlyList<Interaction> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var held = new HashSet<int>();
        foreach (var i in history)
        {
            if (Positions.TryGetValue(i.ItemId, out var p))
            {
                held.Add(p);
            }
        }

        return held;
    }
}
