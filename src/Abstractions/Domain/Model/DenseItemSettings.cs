namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The dense item model's hyperparameters: λ (L2), the dropout rate p that regularizes popular
/// items more (c = p/(1−p) times the item's diagonal is added to it), how many head items it may
/// hold (n² doubles of memory), the fewest contributors a head item needs, and the exponent α of
/// the contributor weight |x|^−α: a contributor who holds many items adds less per pair, so heavy
/// users do not dominate the co-occurrences (measured on MovieLens 100k: α = 0.5 lifts Recall@20).
/// Serving may keep only the strongest weights of each held item (0: all of them).
/// </summary>
[GenerateSerializer, Immutable, Alias("dense-item-settings")]
public sealed record DenseItemSettings(
    [property: Id(0)] int MaxItems,
    [property: Id(1)] double Lambda,
    [property: Id(2)] int MinimumCount,
    [property: Id(3)] double Dropout,
    [property: Id(4)] double UserWeightExponent = 0,
    [property: Id(5)] int ScoringWeightsPerItem = 0)
{
    /// <summary>What one contributor who holds <paramref name="size"/> items adds to each of their pairs.</summary>
    public double ContributorWeight(int size) => size <= 0 ? 0 : UserWeightExponent == 0 ? 1 : Math.Pow(size, -UserWeightExponent);

    public double DropoutFactor => Dropout <= 0 ? 0 : Dropout / (1 - Dropout);

    public double Regularization(double diagonal) => Lambda + (DropoutFactor * diagonal);
}
