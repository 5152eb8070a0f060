namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The k-th largest of n unsigned keys in O(4·n), byte by byte from the top: what picks the strongest
/// weights of a row and a request's strongest candidates without sorting n numbers. The bits of a
/// non-negative float order as the float does, so float scores select as their bits.
/// </summary>
public static class RadixSelect
{
    /// <summary>The k-th largest key; when fewer than k keys are non-zero, a value no larger than the smallest of those.</summary>
    public static uint KthLargest(ReadOnlySpan<uint> keys, int k)
    {
        Span<int> histogram = stackalloc int[256];
        uint prefix = 0;
        uint mask = 0;
        var remaining = Math.Max(1, k);
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            histogram.Clear();
            foreach (var key in keys)
            {
                if ((key & mask) == prefix)
                {
                    histogram[(int)((key >> shift) & 0xFF)]++;
                }
            }

            var digit = 255;
            for (; digit > 0 && histogram[digit] < remaining; digit--)
            {
                remaining -= histogram[digit];
            }

            prefix |= (uint)digit << shift;
            mask |= 0xFFu << shift;
        }

        return prefix;
    }

    /// <summary>
    /// Fills <paramref name="keys"/> with the keys of <paramref name="scores"/> and returns the k-th
    /// largest (and the largest score, or 0 when none is positive), as <see cref="KthLargest"/> does, in
    /// about two passes instead of five: keys are made branch-free and vectorized (half of a request's
    /// scores are negative, a coin flip for a branch), counted by their top 11 bits (a key's sign bit is
    /// always 0: exponent and three bits of mantissa), and only the bucket that holds the k-th key,
    /// usually a few dozen, is selected exactly. What a request does with its 3,000 dense scores.
    /// </summary>
    public static uint KthLargestScore(ReadOnlySpan<float> scores, Span<uint> keys, int k, out float largest)
    {
        const int Buckets = 1 << 11;
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(scores);
        var i = 0;
        var top = System.Numerics.Vector<uint>.Zero;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            for (; i <= bits.Length - System.Numerics.Vector<uint>.Count; i += System.Numerics.Vector<uint>.Count)
            {
                var value = new System.Numerics.Vector<uint>(bits[i..]);
                var negative = System.Numerics.Vector.ShiftRightArithmetic(System.Numerics.Vector.AsVectorInt32(value), 31);
                var key = System.Numerics.Vector.AndNot(value, System.Numerics.Vector.AsVectorUInt32(negative));
                key.CopyTo(keys[i..]);
                top = System.Numerics.Vector.Max(top, key);
            }
        }

        var largestKey = 0u;
        for (var lane = 0; lane < System.Numerics.Vector<uint>.Count; lane++)
        {
            largestKey = Math.Max(largestKey, top[lane]);
        }

        for (; i < bits.Length; i++)
        {
            keys[i] = KeyOf(scores[i]);
            largestKey = Math.Max(largestKey, keys[i]);
        }

        largest = BitConverter.UInt32BitsToSingle(largestKey);

        // Two interleaved histograms: scores crowd into a few buckets, and one counter incremented
        // back to back waits for its own previous store.
        Span<int> histograms = stackalloc int[2 * Buckets];
        histograms.Clear();
        var even = histograms[..Buckets];
        var odd = histograms[Buckets..];
        var pairs = keys.Length & ~1;
        for (var j = 0; j < pairs; j += 2)
        {
            even[(int)(keys[j] >> 20)]++;
            odd[(int)(keys[j + 1] >> 20)]++;
        }

        if (pairs < keys.Length)
        {
            even[(int)(keys[pairs] >> 20)]++;
        }

        var remaining = Math.Max(1, k);
        var bucket = Buckets - 1;
        for (; bucket > 0 && even[bucket] + odd[bucket] < remaining; bucket--)
        {
            remaining -= even[bucket] + odd[bucket];
        }

        if (bucket == 0)
        {
            // Fewer than k keys above the smallest bucket (zeros and subnormal scores): rare, done the long way.
            return KthLargest(keys, k);
        }

        var members = even[bucket] + odd[bucket];
        var gathered = members <= 512 ? stackalloc uint[members] : new uint[members];
        var taken = 0;
        foreach (var key in keys)
        {
            if (key >> 20 == (uint)bucket)
            {
                gathered[taken++] = key;
            }
        }

        return KthLargest(gathered, remaining);
    }

    /// <summary>The key of a score: its bits when positive, 0 (never selected) otherwise.</summary>
    public static uint KeyOf(float score) => score > 0 ? BitConverter.SingleToUInt32Bits(score) : 0;
}
