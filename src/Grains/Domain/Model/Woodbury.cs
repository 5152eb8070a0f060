namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// Low-rank changes of P = A⁻¹ for the dense item model, each O(n²) per held item instead of an
/// O(n³) solve. Every method returns or edits exactly what a fresh inversion would give, up to
/// float rounding.
/// </summary>
public static class Woodbury
{
    /// <summary>
    /// P after one contributor of weight w holding the positions <paramref name="x"/> leaves: A loses
    /// w·x·xᵀ (the Gram) and c·w·diag(x) (the dropout regularizer), i.e. A' = A − E·M·Eᵀ with E
    /// selecting x and M = w·(11ᵀ + c·I). Then A'⁻¹ = P + W·K·Wᵀ with W = P·E (P's columns x) and
    /// K = (M⁻¹ − Eᵀ·P·E)⁻¹. Without dropout (c = 0) M is rank one and this is Sherman–Morrison.
    /// </summary>
    public static double[] Downdate(double[] p, int n, int[] x, double w, double c)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(x);
        var m = x.Length;
        var next = (double[])p.Clone();
        if (c <= 0)
        {
            // Sherman–Morrison with u = √w·x: (A − u·uᵀ)⁻¹ = P + (P·u)(P·u)ᵀ / (1 − uᵀ·P·u).
            var px = new double[n];
            foreach (var h in x)
            {
                SymmetricInverse.SubtractScaled(px, p.AsSpan(h * n, n), -1.0);
            }

            var denominator = 1.0;
            foreach (var h in x)
            {
                denominator -= w * px[h];
            }

            SymmetricInverse.ForEachRow(n, a =>
            {
                if (px[a] != 0)
                {
                    SymmetricInverse.SubtractScaled(next.AsSpan(a * n, n), px, -w * px[a] / denominator);
                }
            });
            return next;
        }

        // K = (M⁻¹ − P[x, x])⁻¹, with M⁻¹ = (I − 11ᵀ/(c + m)) / (c·w) in closed form.
        var k = new double[m * m];
        for (var r = 0; r < m; r++)
        {
            for (var s = 0; s < m; s++)
            {
                var mInverse = ((r == s ? 1.0 : 0.0) - (1.0 / (c + m))) / (c * w);
                k[(r * m) + s] = mInverse - p[(x[r] * n) + x[s]];
            }
        }

        SymmetricInverse.Invert(k, m);

        AddLowRank(p, next, n, x, k);
        return next;
    }

    /// <summary>
    /// P after several contributors leave at once, each with their positions and weight: A loses
    /// E·M·Eᵀ with E selecting the union U of their positions and M = Σ_l w_l·(x_l·x_lᵀ + c·diag(x_l))
    /// over U, so A'⁻¹ = P + W·K·Wᵀ with W = P[:, U] and K = (M⁻¹ − P[U, U])⁻¹: one pass over P
    /// instead of one per leaver. With dropout (c &gt; 0) M is positive definite; without it M can be
    /// singular, and the leavers are taken out one after the other.
    /// </summary>
    public static double[] Downdate(double[] p, int n, IReadOnlyList<(int[] X, double Weight)> leavers, double c)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(leavers);
        if (leavers.Count == 1)
        {
            return Downdate(p, n, leavers[0].X, leavers[0].Weight, c);
        }

        if (c <= 0)
        {
            var step = p;
            foreach (var (x, w) in leavers)
            {
                step = Downdate(step, n, x, w, c);
            }

            return ReferenceEquals(step, p) ? (double[])p.Clone() : step;
        }

        int[] union = [.. leavers.SelectMany(l => l.X).Distinct().Order()];
        var m = union.Length;
        var slot = new Dictionary<int, int>(m);
        for (var r = 0; r < m; r++)
        {
            slot[union[r]] = r;
        }

        var k = new double[m * m];
        foreach (var (x, w) in leavers)
        {
            foreach (var a in x)
            {
                foreach (var b in x)
                {
                    k[(slot[a] * m) + slot[b]] += w * (a == b ? 1 + c : 1);
                }
            }
        }

        // K = (M⁻¹ − P[U, U])⁻¹; both inversions are of positive definite matrices.
        SymmetricInverse.Invert(k, m);
        for (var r = 0; r < m; r++)
        {
            for (var q = 0; q < m; q++)
            {
                k[(r * m) + q] -= p[(union[r] * n) + union[q]];
            }
        }

        SymmetricInverse.Invert(k, m);
        var next = (double[])p.Clone();
        AddLowRank(p, next, n, union, k);
        return next;
    }

    /// <summary>next += P[:, x]·K·P[x, :], row by row (what both downdates end with).</summary>
    private static void AddLowRank(double[] p, double[] next, int n, int[] x, double[] k)
    {
        var m = x.Length;

        // Row a of P' is row a of P plus Σ_s V[a, s]·P[x_s, :], with V = P[:, x]·K.
        var rows = new double[m][];
        for (var s = 0; s < m; s++)
        {
            rows[s] = p.AsSpan(x[s] * n, n).ToArray();
        }

        SymmetricInverse.ForEachRow(n, a =>
        {
            Span<double> v = m <= 256 ? stackalloc double[m] : new double[m];
            var any = false;
            for (var s = 0; s < m; s++)
            {
                var sum = 0.0;
                for (var r = 0; r < m; r++)
                {
                    sum += p[(a * n) + x[r]] * k[(r * m) + s];
                }

                v[s] = sum;
                any |= sum != 0;
            }

            if (!any)
            {
                return;
            }

            var row = next.AsSpan(a * n, n);
            for (var s = 0; s < m; s++)
            {
                SymmetricInverse.SubtractScaled(row, rows[s], -v[s]);
            }
        });
    }

    /// <summary>
    /// Takes item i out of P in place: the inverse of A without row and column i is the Schur
    /// complement P − P[:, i]·P[i, :] / P_ii on the rest; row and column i become zero.
    /// </summary>
    public static void RemoveItem(double[] p, int n, int i)
    {
        ArgumentNullException.ThrowIfNull(p);
        var pivot = p[(i * n) + i];
        var row = p.AsSpan(i * n, n).ToArray();
        SymmetricInverse.ForEachRow(n, a =>
        {
            var factor = p[(a * n) + i];
            if (a != i && factor != 0)
            {
                SymmetricInverse.SubtractScaled(p.AsSpan(a * n, n), row, factor / pivot);
            }
        });
        Array.Clear(p, i * n, n);
        for (var a = 0; a < n; a++)
        {
            p[(a * n) + i] = 0;
        }
    }

    /// <summary>
    /// Brings item s into P in place by bordering, for a free slot s (row and column zero): with b its
    /// row of A over the other items and d its diagonal, u = P·b and σ = d − bᵀ·u, the new inverse is
    /// P + u·uᵀ/σ on the rest, −u/σ in row and column s, and 1/σ at (s, s).
    /// </summary>
    public static void AddItem(double[] p, int n, int s, double[] b, double d)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(b);
        var u = new double[n];
        for (var j = 0; j < n; j++)
        {
            if (b[j] != 0 && j != s)
            {
                SymmetricInverse.SubtractScaled(u, p.AsSpan(j * n, n), -b[j]);
            }
        }

        var sigma = d;
        for (var j = 0; j < n; j++)
        {
            if (j != s)
            {
                sigma -= b[j] * u[j];
            }
        }

        if (!(sigma > 0))
        {
            throw new ArgumentException("The bordered matrix is not positive definite.", nameof(d));
        }

        SymmetricInverse.ForEachRow(n, a =>
        {
            if (a != s && u[a] != 0)
            {
                SymmetricInverse.SubtractScaled(p.AsSpan(a * n, n), u, -u[a] / sigma);
            }
        });
        for (var j = 0; j < n; j++)
        {
            p[(s * n) + j] = -u[j] / sigma;
            p[(j * n) + s] = -u[j] / sigma;
        }

        p[(s * n) + s] = 1 / sigma;
    }
}
