namespace OrleansPersonalization.Benchmarks;

/// <summary>The baseline: a grain call that does nothing, measured in the same run as the real ones.</summary>
[Alias("bench-empty")]
public interface IEmptyGrain : IGrainWithStringKey
{
    [Alias("ping")]
    Task<int> Ping();
}

public sealed class EmptyGrain : Grain, IEmptyGrain
{
    public Task<int> Ping() => Task.FromResult(0);
}
