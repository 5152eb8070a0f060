using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Tests.Domain;

public class BehaviourLogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
    private static readonly RetentionPolicy Policy = new(5, TimeSpan.FromDays(30));

    [Fact]
    public void Events_are_kept_in_time_order_whatever_the_arrival_order()
    {
        var events = BehaviourLog.Append([], [View("b", Now.AddHours(-1)), View("a", Now.AddHours(-2)), View("c", Now)], Policy, Now);

        Assert.Equal(["a", "b", "c"], events.Select(e => e.ItemId));
    }

    [Fact]
    public void The_buffer_keeps_only_the_newest_events_up_to_the_bound()
    {
        var events = BehaviourLog.Append([], Enumerable.Range(0, 8).Select(i => View($"i{i}", Now.AddMinutes(-i))), Policy, Now);

        Assert.Equal(5, events.Length);
        Assert.Equal(["i4", "i3", "i2", "i1", "i0"], events.Select(e => e.ItemId));
    }

    [Fact]
    public void Events_older_than_the_retention_period_are_removed()
    {
        ImmutableArray<BehaviourEvent> events = [View("old", Now.AddDays(-31)), View("edge", Now.AddDays(-30)), View("new", Now.AddDays(-29))];

        var pruned = BehaviourLog.Prune(events, Policy, Now);

        Assert.Equal(["new"], pruned.Select(e => e.ItemId));
    }

    [Fact]
    public void Next_expiry_is_when_the_oldest_event_leaves_the_window()
    {
        ImmutableArray<BehaviourEvent> events = [View("a", Now.AddDays(-10)), View("b", Now.AddDays(-2))];

        Assert.Equal(Now.AddDays(20), BehaviourLog.NextExpiry(events, Policy));
        Assert.Null(BehaviourLog.NextExpiry([], Policy));
    }

    [Fact]
    public void Distinct_items_is_the_set_of_items_in_the_buffer()
    {
        ImmutableArray<BehaviourEvent> events = [View("b", Now), View("a", Now), View("b", Now)];

        Assert.Equal(["a", "b"], BehaviourLog.DistinctItems(events));
    }

    private static BehaviourEvent View(string item, DateTimeOffset at) => new(item, EventType.View, at);
}
