namespace OrleansPersonalization.Grains;

/// <summary>
/// How many of this silo's user grains have a contribution posted that the model has not yet
/// acknowledged: the additions following acknowledged events in the background. Zero means the model
/// has everything this silo's users stored.
/// </summary>
public sealed class ContributionBacklog
{
    private long _pending;

    public long Pending => Interlocked.Read(ref _pending);

    internal void Added() => Interlocked.Increment(ref _pending);

    internal void Settled() => Interlocked.Decrement(ref _pending);
}
