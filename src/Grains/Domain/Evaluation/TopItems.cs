namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>The best-scored positions of a score array, ties to the smaller position (the ordinally smaller id).</summary>
public static class TopItems
{
    public static List<int> Of(ReadOnlySpan<double> scores, IReadOnlySet<int> excluded, int count)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        var best = new PriorityQueue<int, (double Score, int Position)>(count + 1, Comparer<(double Score, int Position)>.Create(
            (x, y) => x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Position.CompareTo(x.Position)));
        for (var j = 0; j < scores.Length; j++)
        {
            if (excluded.Contains(j) || double.IsNegativeInfinity(scores[j]) || double.IsNaN(scores[j]))
            {
                continue;
            }

            best.Enqueue(j, (scores[j], j));
            if (best.Count > count)
            {
                best.Dequeue();
            }
        }

        var top = new List<int>(best.Count);
        while (best.Count > 0)
        {
            top.Add(best.Dequeue());
        }

        top.Reverse();
        return top;
    }
}
