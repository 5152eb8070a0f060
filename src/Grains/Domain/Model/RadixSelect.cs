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

    /// <summary>The key of a score: its bits when positive, 0 (never selected) otherwise.</summary>
    public static uint KeyOf(float score) => score > 0 ? BitConverter.SingleToUInt32Bits(score) : 0;
}
