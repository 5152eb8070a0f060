namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The strongest weights of each row of B, by magnitude: what serving reads when the model keeps
/// only <c>PerItem</c> weights per held item. A recommendation then adds h·K weights instead of
/// h·n, so it costs the same at any head size. The selection is a pure function of the weights
/// (ties go to the lower column), so every silo and a from-scratch model keep the same entries.
/// </summary>
public sealed class SparseScoringWeights
{
    private SparseScoringWeights(int size, int perItem, int[] columns, float[] values)
    {
        Size = size;
        PerItem = perItem;
        Columns = columns;
        Values = values;
    }

    public int Size { get; }

    public int PerItem { get; }

    /// <summary>Row h's columns at [h·K, h·K + K); padding (a row with fewer non-zero weights) has value 0.</summary>
    public int[] Columns { get; }

    public float[] Values { get; }

    /// <summary>Keeps the <paramref name="perItem"/> largest |weight(h, j)| of each row h of an n×n matrix.</summary>
    public static SparseScoringWeights Select(int size, int perItem, Func<int, int, float> weight, bool[] rowActive)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rowActive);
        var k = Math.Clamp(perItem, 1, Math.Max(1, size));
        var columns = new int[size * k];
        var values = new float[size * k];
        SymmetricInverse.ForEachRow(size, h =>
        {
            if (!rowActive[h])
            {
                return;
            }

            var row = new float[size];
            var keys = new uint[size];
            for (var j = 0; j < size; j++)
            {
                row[j] = weight(h, j);

                // The bits of a non-negative float order as the float does: select on integers.
                keys[j] = BitConverter.SingleToUInt32Bits(MathF.Abs(row[j]));
            }

            var threshold = RadixSelect.KthLargest(keys, k);
            var taken = 0;
            var offset = h * k;

            // Everything above the threshold, then as many at it as fit, in column order.
            for (var j = 0; j < size && taken < k; j++)
            {
                if (keys[j] > threshold)
                {
                    (columns[offset + taken], values[offset + taken]) = (j, row[j]);
                    taken++;
                }
            }

            for (var j = 0; j < size && taken < k && threshold > 0; j++)
            {
                if (keys[j] == threshold)
                {
                    (columns[offset + taken], values[offset + taken]) = (j, row[j]);
                    taken++;
                }
            }
        });
        return new SparseScoringWeights(size, k, columns, values);
    }

    /// <summary>Adds the rows of <paramref name="history"/> into <paramref name="scores"/> (cleared first).</summary>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        var target = scores[..Size];
        target.Clear();
        foreach (var h in history)
        {
            var columns = Columns.AsSpan(h * PerItem, PerItem);
            var values = Values.AsSpan(h * PerItem, PerItem);
            for (var t = 0; t < columns.Length; t++)
            {
                target[columns[t]] += values[t];
            }
        }
    }
}
