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
        return next;
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
