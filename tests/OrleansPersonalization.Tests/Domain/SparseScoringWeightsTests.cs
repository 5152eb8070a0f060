using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Tests.Domain;

public sealed class SparseScoringWeightsTests
{
    [Fact]
    public void Each_row_keeps_exactly_its_strongest_weights_by_magnitude_ties_to_the_lower_column()
    {
        var random = new Random(11);
        const int n = 60;

        // Rounded to a few values, so ties at the threshold are common.
        var weights = new float[n * n];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = random.Next(5) == 0 ? 0 : (random.Next(-6, 7) / 4f);
        }

        var active = Enumerable.Range(0, n).Select(h => h != 7).ToArray();
        foreach (var k in new[] { 1, 5, 17, 59 })
        {
            var sparse = SparseScoringWeights.Select(n, k, (h, j) => weights[(h * n) + j], active);
            for (var h = 0; h < n; h++)
            {
                var kept = Enumerable.Range(0, k).Select(t => (Column: sparse.Columns[(h * k) + t], Value: sparse.Values[(h * k) + t])).Where(e => e.Value != 0).ToList();
                var expected = active[h]
                    ? Enumerable.Range(0, n).Where(j => weights[(h * n) + j] != 0)
                        .OrderByDescending(j => MathF.Abs(weights[(h * n) + j])).ThenBy(j => j).Take(k).Order().ToList()
                    : [];
                Assert.Equal(expected, kept.Select(e => e.Column).Order().ToList());
                Assert.All(kept, e => Assert.Equal(weights[(h * n) + e.Column], e.Value));
            }
        }
    }

    [Fact]
    public void Scoring_adds_the_kept_weights_of_the_held_items()
    {
        const int n = 4;
        float[] weights = [0, 3, -1, 0.5f, 2, 0, 0.25f, -4, 1, 1, 0, 1, 0, 0, 0, 0];
        var sparse = SparseScoringWeights.Select(n, 2, (h, j) => weights[(h * n) + j], [true, true, true, true]);
        var scores = new float[n];

        sparse.Score([0, 1], scores);

        // Row 0 keeps 3 and −1; row 1 keeps −4 and 2.
        Assert.Equal([2, 3, -1, -4], scores);
    }

    [Fact]
    public void The_radix_select_finds_the_kth_largest_key()
    {
        var random = new Random(5);
        var keys = Enumerable.Range(0, 500).Select(_ => (uint)random.Next()).ToArray();
        foreach (var k in new[] { 1, 2, 50, 499, 500 })
        {
            Assert.Equal(keys.OrderDescending().ElementAt(k - 1), RadixSelect.KthLargest(keys, k));
        }

        Assert.True(RadixSelect.KthLargest([0, 0, 9], 2) <= 9);
        Assert.Equal(0u, RadixSelect.KeyOf(-1f));
        Assert.True(RadixSelect.KeyOf(0.5f) > RadixSelect.KeyOf(0.25f));
    }

    [Theory]
    [InlineData(3000, 92, 1)]
    [InlineData(3000, 1, 2)]
    [InlineData(3001, 3001, 3)]
    [InlineData(7, 5, 4)]
    [InlineData(1000, 600, 5)]
    public void The_score_select_agrees_with_the_plain_select_and_keys_every_score(int n, int k, int seed)
    {
        var random = new Random(seed);

        // Scores as a request sees them: half negative, some exactly zero, many crowded into one bucket, a few ties.
        var scores = Enumerable.Range(0, n).Select(i => (i % 7) switch
        {
            0 => 0f,
            1 or 2 or 3 => -(float)random.NextDouble(),
            4 => 0.5f + (float)(random.NextDouble() * 1e-3),
            5 => 0.25f,
            _ => (float)random.NextDouble() * 3,
        }).ToArray();
        scores[n / 2] = -0f;
        var keys = new uint[n];

        var threshold = RadixSelect.KthLargestScore(scores, keys, k, out var largest);

        Assert.Equal(scores.Select(RadixSelect.KeyOf), keys);
        Assert.Equal(RadixSelect.KthLargest(keys, k), threshold);
        Assert.Equal(Math.Max(0, scores.Max()), largest);
    }

    [Fact]
    public void The_score_select_takes_every_positive_score_when_fewer_than_k_are_positive()
    {
        float[] scores = [-1, 0, 2, -3, 0, 1e-40f, 0.5f];
        var keys = new uint[scores.Length];

        var threshold = RadixSelect.KthLargestScore(scores, keys, 5, out var largest);

        Assert.Equal(2f, largest);
        Assert.True(threshold <= RadixSelect.KeyOf(1e-40f));
    }
}
