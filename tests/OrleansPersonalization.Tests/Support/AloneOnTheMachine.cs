namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// Tests that measure latency (the failover test asserts that every request is fast again within
/// seconds of a kill -9; P5 at 10,000 items asserts 1 s from an erasure to every silo) run after all
/// others, alone: on 2 cores, the parallel test classes would otherwise decide the outcome, not the
/// system — and the heavy ones would slow the others' deadlines down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneOnTheMachine
{
    public const string Name = "alone on the machine";
}
