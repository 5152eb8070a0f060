using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// What a model learns from and what it is judged on. <see cref="Train"/> is what contributes to the
/// model (each user's interactions in time order); <see cref="Test"/> holds the items each test user
/// should be recommended; a test user's history is their training interactions, or, for a user held
/// out of training (fold-in), their <see cref="Histories"/> entry.
/// </summary>
public sealed record EvaluationSplit(
    IReadOnlyDictionary<string, List<Interaction>> Train,
    IReadOnlyDictionary<string, HashSet<string>> Test,
    IReadOnlyDictionary<string, List<Interaction>> Histories)
{
    /// <summary>Users with fewer distinct items keep all of them in training.</summary>
    public const int MinItemsToTest = 5;

    public IReadOnlyList<Interaction> HistoryOf(string user) =>
        Histories.TryGetValue(user, out var held) ? held : Train.TryGetValue(user, out var own) ? own : [];

    /// <summary>Every item id any part of the split names, in ordinal order.</summary>
    public IReadOnlyList<string> Items() =>
    [
        .. Train.Values.SelectMany(t => t).Concat(Histories.Values.SelectMany(h => h)).Select(i => i.ItemId)
            .Concat(Test.Values.SelectMany(t => t))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
    ];

    /// <summary>Each user's distinct items split at random: a fifth to test, the rest to train.</summary>
    public static EvaluationSplit Random(IEnumerable<Interaction> interactions, int seed)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var train = new Dictionary<string, List<Interaction>>(StringComparer.Ordinal);
        var test = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var random = new System.Random(seed);
        foreach (var user in interactions.GroupBy(i => i.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var distinct = user.Select(i => i.ItemId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
            var hidden = distinct.Count >= MinItemsToTest ? distinct.Take(distinct.Count / 5).ToHashSet(StringComparer.Ordinal) : [];
            train[user.Key] = [.. user.Where(i => !hidden.Contains(i.ItemId)).OrderBy(i => i.At)];
            if (hidden.Count > 0)
            {
                test[user.Key] = hidden;
            }
        }

        return new EvaluationSplit(train, test, new Dictionary<string, List<Interaction>>());
    }

    /// <summary>A split given as files: train, test, and optionally the histories of users held out of training.</summary>
    public static EvaluationSplit From(IEnumerable<Interaction> train, IEnumerable<Interaction> test, IEnumerable<Interaction>? histories)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return new EvaluationSplit(
            ByUser(train),
            test.GroupBy(i => i.UserId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal),
            histories is null ? new Dictionary<string, List<Interaction>>() : ByUser(histories));
    }

    /// <summary>
    /// A validation split carved from the training part alone, for tuning: each training user's
    /// distinct items split a fifth to validation, the rest to training. The test part is never read.
    /// </summary>
    public EvaluationSplit Validation(int seed) => Random(Train.Values.SelectMany(t => t), seed);

    private static Dictionary<string, List<Interaction>> ByUser(IEnumerable<Interaction> interactions) =>
        interactions.GroupBy(i => i.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i.At).ToList(), StringComparer.Ordinal);
}
