using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record EventRequest(
    [property: PersonalData] string? ItemId,
    [property: PersonalData] string? Type,
    [property: PersonalData] string? At,
    [property: PersonalData] double? Value,
    [property: PersonalData] string? EventId = null) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["itemId", "type", "at", "value", "eventId"];
}

public sealed record BulkEvent(
    [property: PersonalData] string? UserId,
    [property: PersonalData] string? ItemId,
    [property: PersonalData] string? Type,
    [property: PersonalData] string? At,
    [property: PersonalData] double? Value,
    [property: PersonalData] string? EventId = null);

public sealed record BulkEventsRequest(List<BulkEvent>? Events) : IRequestBody
{
    public const int MaxEvents = 1000;

    /// <summary>1,000 events with long ids (UUID user and event ids, 36-character item ids, full timestamps) take about 250 KiB; 1 MiB leaves room.</summary>
    public static int MaxBytes => JsonBody.BulkMaxBytes;

    public static IReadOnlyList<string> Fields { get; } = ["events"];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NestedFields { get; } =
        new Dictionary<string, IReadOnlyList<string>> { ["events"] = ["userId", "itemId", "type", "at", "value", "eventId"] };
}
