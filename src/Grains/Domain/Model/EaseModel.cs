using MathNet.Numerics.LinearAlgebra;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// EASE (Steck 2019): a linear item-item model with a closed form. With G = XᵀX + λI over the
/// binary user×item matrix X and P = G⁻¹, the weights are B = I − P·diag(1/diag(P)) with a zero
/// diagonal, and a user's scores are x·B. It depends on the data only through the Gram matrix, so
/// one user leaves by a rank-one downdate of G (and of P by Sherman–Morrison) — exactly unlearnable,
/// but dense: n² memory and an n³ solve. Used by the offline evaluation to compare with cosine
/// neighbours on the most popular items.
/// </summary>
public sealed class EaseModel
{
    private readonly Dictionary<string, int> _positions;
    private readonly double[][] _weights;

    private EaseModel(string[] items, double[][] weights)
    {
        Items = items;
        _positions = items.Select((id, i) => KeyValuePair.Create(id, i)).ToDictionary(StringComparer.Ordinal);
        _weights = weights;
    }

    /// <summary>The items the model covers, most popular first.</summary>
    public IReadOnlyList<string> Items { get; }

    /// <summary>Fits EASE on the <paramref name="maxItems"/> most popular items of the contribution sets.</summary>
    public static EaseModel Fit(IEnumerable<IReadOnlyCollection<string>> contributions, int maxItems, double lambda)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var sets = contributions.ToList();
        var items = sets.SelectMany(s => s)
            .GroupBy(i => i, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(maxItems)
            .Select(g => g.Key)
            .ToArray();
        var position = items.Select((id, i) => KeyValuePair.Create(id, i)).ToDictionary(StringComparer.Ordinal);
        var n = items.Length;
        var gram = new double[n * n];
        foreach (var set in sets)
        {
            var held = set.Where(position.ContainsKey).Select(i => position[i]).ToArray();
            foreach (var a in held)
            {
                foreach (var b in held)
                {
                    gram[(b * n) + a] += 1;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            gram[(i * n) + i] += lambda;
        }

        // G is symmetric positive definite, so a Cholesky solve gives its inverse.
        var g = Matrix<double>.Build.Dense(n, n, gram);
        // P is symmetric too, so its column-major storage reads as rows.
        var p = g.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(n)).AsColumnMajorArray()
            ?? throw new InvalidOperationException("Expected dense storage.");
        var weights = new double[n][];
        for (var row = 0; row < n; row++)
        {
            weights[row] = new double[n];
            for (var column = 0; column < n; column++)
            {
                weights[row][column] = row == column ? 0 : -p[(row * n) + column] / p[(column * n) + column];
            }
        }

        return new EaseModel(items, weights);
    }

    /// <summary>The top <paramref name="count"/> items for a user who holds <paramref name="history"/>, never one of them.</summary>
    public IReadOnlyList<string> Recommend(IReadOnlyCollection<string> history, int count)
    {
        ArgumentNullException.ThrowIfNull(history);
        var n = Items.Count;
        var scores = new double[n];
        var seen = new HashSet<int>();
        foreach (var item in history)
        {
            if (_positions.TryGetValue(item, out var h) && seen.Add(h))
            {
                var row = _weights[h];
                for (var j = 0; j < n; j++)
                {
                    scores[j] += row[j];
                }
            }
        }

        return [.. Enumerable.Range(0, n)
            .Where(j => !seen.Contains(j) && !history.Contains(Items[j]))
            .OrderByDescending(j => scores[j]).ThenBy(j => j)
            .Take(count)
            .Select(j => Items[j])];
    }
}
