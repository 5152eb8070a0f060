namespace OrleansPersonalization.Api.Degradation;

/// <summary>How long a read may wait for its user grain, and how fresh the answer given instead is kept.</summary>
public sealed class ReadDeadlineOptions
{
    public const string Section = "Api:Reads";

    /// <summary>
    /// A recommendation that has no answer from its grain by then gets the popular list instead. Far
    /// above a healthy p99 (milliseconds), far below the seconds a crashed silo's grains stay
    /// unreachable until the cluster declares it dead.
    /// </summary>
    public int RecommendationDeadlineMilliseconds { get; set; } = 750;

    /// <summary>How often the API takes a new copy of the popular lists from the nearest silo.</summary>
    public int PopularRefreshSeconds { get; set; } = 5;
}
