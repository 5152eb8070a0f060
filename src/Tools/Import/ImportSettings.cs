namespace OrleansPersonalization.Tools.Import;

/// <summary>How to treat interaction times: as recorded, moved so the newest is now, or all stamped now.</summary>
public enum TimestampMode
{
    Keep,
    Rebase,
    Now,
}

/// <summary>What one import run loads, and under which recorded consent basis.</summary>
public sealed record ImportSettings(
    FileInfo? Catalog,
    FileInfo? Interactions,
    InteractionsFormat Format,
    string PolicyVersion,
    bool ModelTraining,
    TimestampMode Timestamps,
    string? MissingItemsCategory);
