using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record EventRequest(
    [property: PersonalData] string? ItemId,
    [property: PersonalData] string? Type,
    [property: PersonalData] string? At,
    [property: PersonalData] double? Value) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["itemId", "type", "at", "value"];
}

public sealed record BulkEvent(
    [property: PersonalData] string? UserId,
    [property: PersonalData] string? ItemId,
    [property: PersonalData] string? Type,
    [property: PersonalData] string? At,
    [property: PersonalData] double? Value);

public sealed record BulkEventsRequest(List<BulkEvent>? Events) : IRequestBody
{
    public const int MaxEvents = 1000;

    public static IReadOnlyList<string> Fields { get; } = ["events"];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NestedFields { get; } =
        new Dictionary<string, IReadOnlyList<string>> { ["events"] = ["userId", "itemId", "type", "at", "value"] };
}
