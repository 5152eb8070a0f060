using System.Runtime.InteropServices;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>
/// Per-thread work space sized to the model, reused across requests. Everything scoring tracks about
/// one item sits in one slot (one cache line), because a request touches a few hundred scattered
/// items and separate arrays would cost a cache miss each. Generation stamps mark what this request
/// touched, so nothing is cleared between requests.
/// </summary>
internal sealed class ScoringScratch
{
    [ThreadStatic]
    private static ScoringScratch? _current;

    private Slot[] _slots = [];
    private double[] _affinity = [];
    private int _generation;

    /// <summary>Candidates that received a similar-to score in this request.</summary>
    public List<int> Touched { get; } = [];

    /// <summary>History positions with a signal in this request.</summary>
    public List<int> Signals { get; } = [];

    public ref Slot this[int j] => ref _slots[j];

    public static ScoringScratch For(int size)
    {
        var scratch = _current ??= new ScoringScratch();
        if (scratch._slots.Length < size)
        {
            scratch._slots = new Slot[size];
            scratch._generation = 0;
        }

        if (++scratch._generation == 0)
        {
            // After 2³² requests on this thread the stamps start over: old ones must not read as current.
            Array.Clear(scratch._slots);
            scratch._generation = 1;
        }

        scratch.Touched.Clear();
        scratch.Signals.Clear();
        scratch.DenseHistory.Clear();
        return scratch;
    }

    /// <summary>A zeroed per-category array for this request.</summary>
    public double[] Affinity(int categories)
    {
        if (_affinity.Length < categories)
        {
            _affinity = new double[categories];
        }
        else
        {
            Array.Clear(_affinity, 0, categories);
        }

        return _affinity;
    }

    /// <summary>Starts a similar-to score for this request; true the first time the position is touched.</summary>
    public bool Touch(int j)
    {
        ref var slot = ref _slots[j];
        if (slot.Scored == _generation)
        {
            return false;
        }

        slot.Scored = _generation;
        slot.Score = 0;
        Touched.Add(j);
        return true;
    }

    public bool IsScored(int j) => _slots[j].Scored == _generation;

    /// <summary>True the first time the position is marked seen in this request.</summary>
    public bool MarkSeen(int j)
    {
        ref var slot = ref _slots[j];
        if (slot.Seen == _generation)
        {
            return false;
        }

        slot.Seen = _generation;
        return true;
    }

    public bool IsSeen(int j) => _slots[j].Seen == _generation;

    /// <summary>True the first time the position is considered in this request.</summary>
    public bool MarkConsidered(int j)
    {
        ref var slot = ref _slots[j];
        if (slot.Considered == _generation)
        {
            return false;
        }

        slot.Considered = _generation;
        return true;
    }

    private float[] _denseScores = [];

    private uint[] _denseKeys = [];

    /// <summary>A per-request array for the dense scores' selection keys, exactly <paramref name="size"/> long.</summary>
    public Span<uint> DenseKeys(int size)
    {
        if (_denseKeys.Length < size)
        {
            _denseKeys = new uint[size];
        }

        return _denseKeys.AsSpan(0, size);
    }

    /// <summary>History positions in the dense model, for this request.</summary>
    public List<int> DenseHistory { get; } = [];

    /// <summary>A per-request array for the dense model's scores (overwritten by the model).</summary>
    public float[] DenseScores(int size)
    {
        if (_denseScores.Length < size)
        {
            _denseScores = new float[size];
        }

        return _denseScores;
    }

    /// <summary>Adds an event's weight to a history item's signal.</summary>
    public void AddSignal(int h, double weight)
    {
        ref var slot = ref _slots[h];
        if (slot.Signalled != _generation)
        {
            slot.Signalled = _generation;
            slot.Signal = 0;
            Signals.Add(h);
        }

        slot.Signal += weight;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Slot
    {
        public double Score;
        public double Best;
        public double Signal;
        public int Anchor;
        public int Scored;
        public int Seen;
        public int Considered;
        public int Signalled;
    }
}
