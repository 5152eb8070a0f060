namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>
/// A scored item on its way to the top N, with what its reasons will be built from. A dense-model
/// candidate names its dense position instead of an anchor: the anchor is looked up for the winners
/// alone, because it reads P and the pair counts at scattered places (a cache miss each).
/// </summary>
internal readonly record struct Candidate(string ItemId, double Score, long Count, string? Anchor, bool Interest, string Category, int DenseAnchorOf = -1);
