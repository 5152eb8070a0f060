namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>The signals of one candidate, each in [0, 1]: what the ranking stage weighs.</summary>
public sealed record CandidateFeatures(string ItemId, double Similarity, double Interest, double Popularity, double LogPopularity, double Affinity);
