namespace OrleansPersonalization.Domain.Ranking;

/// <summary>
/// What the last ranker training found: Recall@20 of the hand-set blend and of the learned weights on
/// users the training never saw, and whether the learned weights were switched on.
/// </summary>
[GenerateSerializer, Immutable, Alias("ranker-report")]
public sealed record RankerReport(
    [property: Id(0)] DateTimeOffset TrainedAt,
    [property: Id(1)] int TrainingUsers,
    [property: Id(2)] int ValidationUsers,
    [property: Id(3)] int Examples,
    [property: Id(4)] double HandSetRecallAt20,
    [property: Id(5)] double LearnedRecallAt20,
    [property: Id(6)] bool Adopted,
    [property: Id(7)] double TrainingMilliseconds);
