using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record EventRequest(string? ItemId, string? Type, string? At, double? Value) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["itemId", "type", "at", "value"];
}

public sealed record BulkEvent(string? UserId, string? ItemId, string? Type, string? At, double? Value);

public sealed record BulkEventsRequest(List<BulkEvent>? Events) : IRequestBody
{
    public const int MaxEvents = 1000;

    public static IReadOnlyList<string> Fields { get; } = ["events"];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NestedFields { get; } =
        new Dictionary<string, IReadOnlyList<string>> { ["events"] = ["userId", "itemId", "type", "at", "value"] };
}
