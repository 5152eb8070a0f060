namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>A scored item on its way to the top N, with what its reasons will be built from.</summary>
internal readonly record struct Candidate(string ItemId, double Score, long Count, string? Anchor, bool Interest, string Category);
