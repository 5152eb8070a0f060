using System.Collections.Immutable;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// One partition of the users (key: <c>ContributionPartitions.Of</c>), through which their
/// contribution changes reach the model. Many user grains' changes share one call to the model grain
/// (a group commit: a change waits at most for the call in flight), so the model grain takes one
/// call per partition at a time however high the event rate. Holds nothing durable: the stored user
/// states stay the only truth, and a change is acknowledged only once the model has it.
/// </summary>
[Alias("contribution-partition")]
public interface IContributionPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Sets exactly what one user contributes; an empty set takes the user out. Idempotent.</summary>
    [Alias("set-contribution")]
    Task SetContribution(string userKey, ImmutableSortedSet<string> items);
}
