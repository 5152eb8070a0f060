namespace OrleansPersonalization.Tools.Import;

/// <summary>One interaction as the bulk events endpoint takes it; the event id makes a re-run record nothing twice.</summary>
public sealed record InteractionRow(string UserId, string ItemId, string Type, DateTimeOffset At, double? Value, string EventId);
