using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Domain.Recommendations;

/// <summary>How much one event says about a user's taste: stronger intent and recent events weigh more.</summary>
public static class SignalWeights
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(7);

    public static double Of(BehaviourEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var intent = e.Type switch
        {
            EventType.View => 1.0,
            EventType.Click => 2.0,
            EventType.AddToCart => 3.0,
            EventType.Purchase => 5.0,
            // A low rating is evidence against the item's category, so it is negative.
            EventType.Rating => ((e.Value ?? 3.0) - 2.5) * 2.0,
            _ => 0.0,
        };
        var ageDays = Math.Max(0, (now - e.At).TotalDays);
        return intent * Math.Pow(0.5, ageDays / HalfLife.TotalDays);
    }
}
