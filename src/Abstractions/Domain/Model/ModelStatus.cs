using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Domain.Model;

/// <summary>A model snapshot described in a few numbers, for operators: what is served, not the model itself.</summary>
[GenerateSerializer, Immutable, Alias("model-status")]
public sealed record ModelStatus(
    [property: Id(0)] string ModelVersion,
    [property: Id(1)] DateTimeOffset BuiltAt,
    [property: Id(2)] long Contributors,
    [property: Id(3)] long Items,
    [property: Id(4)] long Interactions,
    [property: Id(5)] int MinimumSupport,
    [property: Id(6)] RankingWeights Ranking,
    [property: Id(7)] RankerReport? LastTraining,
    [property: Id(8)] int DenseItems,
    [property: Id(9)] bool DenseCurrent);
