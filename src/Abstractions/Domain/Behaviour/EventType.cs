namespace OrleansPersonalization.Domain.Behaviour;

/// <summary>The closed set of behaviour signals; the JSON names are the contract's.</summary>
public enum EventType
{
    View,
    Click,
    AddToCart,
    Purchase,
    Rating,
}

public static class EventTypes
{
    public static IReadOnlyList<string> Names { get; } = ["view", "click", "addToCart", "purchase", "rating"];

    public static bool TryParse(string? name, out EventType type)
    {
        var index = name is null ? -1 : Names.ToList().IndexOf(name);
        type = index < 0 ? default : (EventType)index;
        return index >= 0;
    }

    public static string ToName(this EventType type) => Names[(int)type];
}
