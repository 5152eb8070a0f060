namespace OrleansPersonalization.Client.Models;

public sealed record ModelStatus(
    string ModelVersion,
    DateTimeOffset? BuiltAt,
    long Contributors,
    long Items,
    long Interactions,
    int MinimumSupport,
    RankingStatus Ranking,
    DenseModelStatus Dense);

public sealed record DenseModelStatus(int Items, bool Current);

public sealed record RankingStatus(
    string Origin,
    double SimilarityWeight,
    double InterestWeight,
    double PopularityWeight,
    double LogPopularityWeight,
    double CategoryAffinityWeight,
    RankerTraining? LastTraining);

public sealed record RankerTraining(DateTimeOffset TrainedAt, int TrainingUsers, int ValidationUsers, double HandSetRecallAt20, double LearnedRecallAt20, bool Adopted);

public sealed record RewrapResult(int Rewrapped);
