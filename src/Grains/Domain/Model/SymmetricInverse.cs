using System.Numerics;
using System.Runtime.InteropServices;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// Dense linear algebra for the item model, on row-major n×n arrays of doubles. Written here rather
/// than taken from MathNet because its managed Cholesky solve is about eight times slower on these
/// sizes (measured: 8 s against 1 s at 1,682 items) and the model re-solves on every rebuild.
/// </summary>
public static class SymmetricInverse
{
    /// <summary>Rows below this are updated on one thread: splitting them costs more than it saves.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>Pivots eliminated together: their new rows (32 × n doubles) stay in cache while every other row passes once.</summary>
    private const int BlockSize = 32;

    /// <summary>
    /// Inverts a symmetric positive definite matrix in place: Gauss–Jordan (no pivoting is needed
    /// for a positive definite matrix, and every pivot stays positive), a block of pivots at a time.
    /// One pivot at a time streamed the whole matrix through memory once per pivot (3,000 passes
    /// over 72 MB at the dense head's size) and called the thread pool 3,000 times; a block of 32
    /// does the same arithmetic in a 32nd of the passes, and the re-solve that runs beside requests
    /// under write load took a third of both cores before (perf, events row).
    /// </summary>
    /// <param name="parallel">
    /// False for a solve that runs beside requests: on one core of its own, it never holds the
    /// thread pool's workers (a parallel solve under write load left requests waiting for a worker).
    /// </param>
    public static void Invert(double[] a, int n, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(a.Length, n * n);
        var pivots = new double[BlockSize * BlockSize];
        var panel = new double[Math.Min(BlockSize, Math.Max(n, 1)) * n];
        for (var first = 0; first < n; first += BlockSize)
        {
            var size = Math.Min(BlockSize, n - first);

            // P: the inverse of the pivot block as elimination has left it (its own pivots are the
            // matrix's next pivots, so a matrix that is not positive definite is refused here).
            for (var s = 0; s < size; s++)
            {
                a.AsSpan(((first + s) * n) + first, size).CopyTo(pivots.AsSpan(s * size, size));
            }

            InvertUnblocked(pivots, size);

            // The block's new rows, P times its rows now; their own columns are P.
            var rows = panel.AsSpan(0, size * n);
            rows.Clear();
            for (var s = 0; s < size; s++)
            {
                var target = rows.Slice(s * n, n);
                for (var t = 0; t < size; t++)
                {
                    SubtractScaled(target, a.AsSpan((first + t) * n, n), -pivots[(s * size) + t]);
                }

                pivots.AsSpan(s * size, size).CopyTo(target[first..]);
            }

            var (block, count) = (first, size);
            ForEachRow(n, i =>
            {
                if (i >= block && i < block + count)
                {
                    return;
                }

                // row -= F × (new rows), with the row's own block columns starting from zero: they become -F·P.
                var row = a.AsSpan(i * n, n);
                Span<double> factors = stackalloc double[BlockSize];
                var any = false;
                for (var t = 0; t < count; t++)
                {
                    factors[t] = row[block + t];
                    row[block + t] = 0;
                    any |= factors[t] != 0;
                }

                if (any)
                {
                    SubtractScaledRows(row, panel.AsSpan(0, count * n), factors[..count]);
                }
            }, parallel);
            rows.CopyTo(a.AsSpan(first * n, size * n));
        }
    }

    /// <summary>One pivot at a time: the pivot blocks, and any matrix too small to block.</summary>
    private static void InvertUnblocked(double[] a, int n)
    {
        var pivotRow = new double[n];
        for (var k = 0; k < n; k++)
        {
            var pivot = a[(k * n) + k];
            if (!(pivot > 0))
            {
                throw new ArgumentException("The matrix is not positive definite.", nameof(a));
            }

            var inverse = 1.0 / pivot;
            for (var j = 0; j < n; j++)
            {
                pivotRow[j] = a[(k * n) + j] * inverse;
            }

            pivotRow[k] = inverse;
            for (var i = 0; i < n; i++)
            {
                var factor = a[(i * n) + k];
                if (i == k || factor == 0)
                {
                    continue;
                }

                var row = a.AsSpan(i * n, n);
                row[k] = 0;
                SubtractScaled(row, pivotRow, factor);
            }

            pivotRow.CopyTo(a, k * n);
        }
    }

    /// <summary>row -= Σ factors[s] × rows[s] (rows of row's length, back to back), four rows per pass over row.</summary>
    private static void SubtractScaledRows(Span<double> row, ReadOnlySpan<double> rows, ReadOnlySpan<double> factors)
    {
        var n = row.Length;
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(row);
        var tail = vectors.Length * Vector<double>.Count;
        var s = 0;
        for (; s + 4 <= factors.Length; s += 4)
        {
            var r0 = rows.Slice(s * n, n);
            var r1 = rows.Slice((s + 1) * n, n);
            var r2 = rows.Slice((s + 2) * n, n);
            var r3 = rows.Slice((s + 3) * n, n);
            var v0 = MemoryMarshal.Cast<double, Vector<double>>(r0);
            var v1 = MemoryMarshal.Cast<double, Vector<double>>(r1);
            var v2 = MemoryMarshal.Cast<double, Vector<double>>(r2);
            var v3 = MemoryMarshal.Cast<double, Vector<double>>(r3);
            var (f0, f1, f2, f3) = (new Vector<double>(factors[s]), new Vector<double>(factors[s + 1]), new Vector<double>(factors[s + 2]), new Vector<double>(factors[s + 3]));
            for (var v = 0; v < vectors.Length; v++)
            {
                vectors[v] -= (f0 * v0[v]) + (f1 * v1[v]) + (f2 * v2[v]) + (f3 * v3[v]);
            }

            for (var j = tail; j < n; j++)
            {
                row[j] -= (factors[s] * r0[j]) + (factors[s + 1] * r1[j]) + (factors[s + 2] * r2[j]) + (factors[s + 3] * r3[j]);
            }
        }

        for (; s < factors.Length; s++)
        {
            SubtractScaled(row, rows.Slice(s * n, n), factors[s]);
        }
    }

    /// <summary>row -= factor × other, vectorized.</summary>
    public static void SubtractScaled(Span<double> row, ReadOnlySpan<double> other, double factor)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(row);
        var others = MemoryMarshal.Cast<double, Vector<double>>(other);
        var f = new Vector<double>(factor);
        for (var v = 0; v < vectors.Length; v++)
        {
            vectors[v] -= f * others[v];
        }

        for (var j = vectors.Length * Vector<double>.Count; j < row.Length; j++)
        {
            row[j] -= factor * other[j];
        }
    }

    /// <summary>Runs <paramref name="body"/> for every row, on the thread pool when the matrix is large.</summary>
    public static void ForEachRow(int n, Action<int> body, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!parallel || n < ParallelThreshold)
        {
            for (var i = 0; i < n; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, n, body);
    }
}
