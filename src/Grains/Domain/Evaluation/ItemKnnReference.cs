using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// Item-kNN with every neighbour: candidate j scores Σ over held items h of the cosine
/// |h ∩ j| / √(|h|·|j|), over all co-occurring pairs (no top-k cut, no shrinkage, no support threshold).
/// </summary>
public sealed class ItemKnnReference : IOfflineRecommender
{
    private readonly TrainingItems _items;
    private readonly (int Other, double Similarity)[][] _neighbours;

    public ItemKnnReference(TrainingItems items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
        var lists = items.Ids.Select(_ => new List<(int, double)>()).ToArray();
        foreach (var (a, b, count) in items.Statistics.Pairs())
        {
            var (i, j) = (items.Positions[a], items.Positions[b]);
            var similarity = count / Math.Sqrt((double)items.Statistics.CountOf(a) * items.Statistics.CountOf(b));
            lists[i].Add((j, similarity));
            lists[j].Add((i, similarity));
        }

        _neighbours = [.. lists.Select(l => l.ToArray())];
    }

    public string Name => "item-knn";

    public IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count)
    {
        var held = _items.PositionsOf(history);
        var scores = new double[_items.Ids.Length];
        Array.Fill(scores, double.NegativeInfinity);
        foreach (var h in held)
        {
            foreach (var (j, similarity) in _neighbours[h])
            {
                scores[j] = (double.IsNegativeInfinity(scores[j]) ? 0 : scores[j]) + similarity;
            }
        }

        return [.. TopItems.Of(scores, held, count).Select(p => _items.Ids[p])];
    }
}
