using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>The same list for everyone: items by how many training users hold them.</summary>
public sealed class MostPopularReference(TrainingItems items) : IOfflineRecommender
{
    private readonly double[] _counts = [.. items.Ids.Select(id => (double)items.Statistics.CountOf(id))];

    public string Name => "most-popular";

    public IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count) =>
        [.. TopItems.Of(_counts, items.PositionsOf(history), count).Select(p => items.Ids[p])];
}
