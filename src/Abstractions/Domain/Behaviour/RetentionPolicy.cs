namespace OrleansPersonalization.Domain.Behaviour;

/// <summary>Storage limitation for behaviour: how many events and for how long.</summary>
[GenerateSerializer, Immutable, Alias("retention-policy")]
public sealed record RetentionPolicy(
    [property: Id(0)] int MaxEvents,
    [property: Id(1)] TimeSpan Retention)
{
    public static RetentionPolicy Default { get; } = new(200, TimeSpan.FromDays(30));

    public DateTimeOffset OldestKept(DateTimeOffset now) => now - Retention;
}
