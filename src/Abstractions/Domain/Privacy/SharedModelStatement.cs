namespace OrleansPersonalization.Domain.Privacy;

/// <summary>
/// What the notice promises about the shared model's published statistics: the running k, so a
/// reader can check that no neighbour list or popularity figure shows fewer than k people's data.
/// </summary>
public sealed record SharedModelStatement(int MinimumContributors, string Description)
{
    public static SharedModelStatement For(int minimumSupport) => new(
        minimumSupport,
        $"Item similarities (\"similar items\", \"similar-to\" reasons) and item popularity are published only when at least {minimumSupport} distinct contributors hold the items; anything fewer people share is left out of the shared model's output.");
}
