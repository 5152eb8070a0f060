namespace OrleansPersonalization.Tools.Import;

/// <summary>What an import did, for its summary and for tests.</summary>
public sealed record ImportReport(long Items, long Users, long EventsSent, long EventsRecorded, long EventsDropped, long RefusedOutsideRetention, SkipReasons Skipped)
{
    /// <summary>Events sent beyond the per-user bound: recorded in order, then the oldest pruned by the service (P2 minimization).</summary>
    public long BeyondPerUserBound { get; init; }

    public int PerUserBound { get; init; }

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"items upserted: {Items:N0}");
        output.WriteLine($"users with consent recorded (source=import): {Users:N0}");
        output.WriteLine($"events sent: {EventsSent:N0}; recorded: {EventsRecorded:N0}; dropped by the service: {EventsDropped:N0}");
        output.WriteLine($"refused, outside the retention window: {RefusedOutsideRetention:N0}");
        if (BeyondPerUserBound > 0)
        {
            output.WriteLine($"beyond the bound of {PerUserBound:N0} events per user (the service keeps each user's newest): {BeyondPerUserBound:N0}");
        }

        foreach (var (reason, count) in Skipped.ByReason())
        {
            output.WriteLine($"skipped, {reason}: {count:N0}");
        }
    }
}
