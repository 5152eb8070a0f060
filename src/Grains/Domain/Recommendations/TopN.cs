using System.Runtime.CompilerServices;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>
/// The best N candidates seen so far, in a heap whose root is the worst of them. Most candidates
/// lose against that root, so <see cref="Rejects"/> turns them away before anything is allocated.
/// Order: higher score, then more contributors, then the ordinally smaller id.
/// </summary>
internal sealed class TopN(int size)
{
    private readonly PriorityQueue<Candidate, Candidate> _heap = new(size + 1, WorstFirst.Instance);

    /// <summary>True when the heap is full and a candidate with these keys would not enter it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Rejects(double score, long count, string itemId)
    {
        if (size <= 0)
        {
            return true;
        }

        if (_heap.Count < size)
        {
            return false;
        }

        var worst = _heap.Peek();
        return Compare(score, count, itemId, worst.Score, worst.Count, worst.ItemId) <= 0;
    }

    public void Offer(Candidate candidate)
    {
        if (Rejects(candidate.Score, candidate.Count, candidate.ItemId))
        {
            return;
        }

        _heap.Enqueue(candidate, candidate);
        if (_heap.Count > size)
        {
            _heap.Dequeue();
        }
    }

    /// <summary>Empties the heap, best candidate first.</summary>
    public Candidate[] BestFirst()
    {
        var winners = new Candidate[_heap.Count];
        for (var i = winners.Length - 1; i >= 0; i--)
        {
            winners[i] = _heap.Dequeue();
        }

        return winners;
    }

    /// <summary>Positive when x ranks above y.</summary>
    private static int Compare(double xScore, long xCount, string xId, double yScore, long yCount, string yId)
    {
        var byScore = xScore.CompareTo(yScore);
        if (byScore != 0)
        {
            return byScore;
        }

        var byCount = xCount.CompareTo(yCount);
        return byCount != 0 ? byCount : string.CompareOrdinal(yId, xId);
    }

    private sealed class WorstFirst : IComparer<Candidate>
    {
        public static WorstFirst Instance { get; } = new();

        public int Compare(Candidate x, Candidate y) => TopN.Compare(x.Score, x.Count, x.ItemId, y.Score, y.Count, y.ItemId);
    }
}
