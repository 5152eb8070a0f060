namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// Tests that measure latency (the failover test asserts that every request is fast again within
/// seconds of a kill -9) run after all others, alone: on 2 cores, the parallel test classes would
/// otherwise decide the outcome, not the system.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneOnTheMachine
{
    public const string Name = "alone on the machine";
}
