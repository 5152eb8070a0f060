using System.Text.Json.Serialization;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ConsentDecisionResponse(bool Granted, DateTimeOffset? At, string? PolicyVersion, string? Source);

public sealed record ConsentResponse(IReadOnlyDictionary<string, ConsentDecisionResponse> Purposes);

public sealed record EventAcceptedResponse(
    bool Recorded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);

public sealed record BulkEventsResponse(int Recorded, int Dropped);

public sealed record ProfileResponse(
    string? AgeBand, string? Country, string? Language, IReadOnlyList<string> Interests, string PersonalizationLevel);

public sealed record ReasonResponse(
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ItemId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category);

public sealed record RecommendedItemResponse(string ItemId, double Score, IReadOnlyList<ReasonResponse> Reasons);

/// <param name="Reason">Why the answer is not what the user's grain would give: <see cref="Degraded"/>, or absent.</param>
public sealed record RecommendationsResponse(
    IReadOnlyList<RecommendedItemResponse> Items,
    bool Personalized,
    string ModelVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null)
{
    /// <summary>The user's grain did not answer within the read deadline: these are the popular items.</summary>
    public const string Degraded = "degraded";
}

public sealed record SimilarItemResponse(string ItemId, double Score);

public sealed record SimilarItemsResponse(IReadOnlyList<SimilarItemResponse> Items, string ModelVersion);

public sealed record ErasureResponse(string ReceiptId, DateTimeOffset ErasedAt, IReadOnlyList<string> Erased);

public sealed record ItemResponse(string ItemId, string Category, IReadOnlyList<string> Tags, bool Available);

public sealed record ErasureJobAccepted(string JobId);

/// <remarks>
/// Admin-only aggregates: totals over all contributors name no item, and <c>Items</c> counts only the
/// items that meet <c>MinimumSupport</c>, the k every published per-item statistic rests on.
/// </remarks>
public sealed record ModelResponse(string ModelVersion, DateTimeOffset? BuiltAt, long Contributors, long Items, long Interactions, int MinimumSupport, RankingResponse Ranking, DenseModelResponse Dense);

/// <summary>The dense head: its size, and whether it holds every contribution yet (a solve after new co-occurrences runs in the background; true when no dense head is configured).</summary>
public sealed record DenseModelResponse(int Items, bool Current);

/// <summary>The ranking stage being served, and what its last training measured on held-out users.</summary>
public sealed record RankingResponse(
    string Origin,
    double SimilarityWeight,
    double InterestWeight,
    double PopularityWeight,
    double LogPopularityWeight,
    double CategoryAffinityWeight,
    LastTrainingResponse? LastTraining);

public sealed record LastTrainingResponse(
    DateTimeOffset TrainedAt, int TrainingUsers, int ValidationUsers, double HandSetRecallAt20, double LearnedRecallAt20, bool Adopted);

/// <summary>A page of the audit trail; <c>Next</c> is where the following page starts (<c>?after=</c>), when this one is full.</summary>
public sealed record AuditPageResponse(IReadOnlyList<OrleansPersonalization.Domain.Audit.AuditEntry> Events, long? Next);

public sealed record RewrapResponse(int Rewrapped);

public sealed record LivenessResponse(string Status);

public sealed record ReadinessResponse(string Status, string Cluster, string Store);

/// <summary>A token for <c>Authorization: Bearer</c>, scoped to one user and one audience until <c>ExpiresAt</c>.</summary>
public sealed record UserTokenResponse(string Token, string Audience, DateTimeOffset ExpiresAt);
