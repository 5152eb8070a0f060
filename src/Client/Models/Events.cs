namespace OrleansPersonalization.Client.Models;

/// <param name="Type"><c>view</c>, <c>click</c>, <c>addToCart</c>, <c>purchase</c> or <c>rating</c> (with <paramref name="Value"/> 0.5–5).</param>
/// <param name="EventId">Makes a replay record once.</param>
public sealed record NewEvent(string ItemId, string Type, DateTimeOffset? At = null, double? Value = null, string? EventId = null);

public sealed record BulkEvent(string UserId, string ItemId, string Type, DateTimeOffset? At = null, double? Value = null, string? EventId = null);

/// <param name="Reason">Why an event was not recorded (<c>no-consent</c>, ...), when it was not.</param>
public sealed record EventAccepted(bool Recorded, string? Reason);

public sealed record BulkEventsResult(int Recorded, int Dropped);
