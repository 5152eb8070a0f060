namespace OrleansPersonalization.Client.Models;

/// <param name="Erased">What was erased: consent, profile, events, model contributions, keys.</param>
public sealed record ErasureReceipt(string ReceiptId, DateTimeOffset ErasedAt, IReadOnlyList<string> Erased);

public sealed record ErasureJobRequest(IReadOnlyList<string> UserIds, string? Reason = null);

public sealed record ErasureJobStarted(string JobId);

/// <param name="State"><c>running</c>, <c>completed</c> or <c>failed</c>.</param>
public sealed record ErasureJob(string JobId, string State, int Total, int Done, int Failed, IReadOnlyList<ErasureJobReceipt> Receipts);

/// <param name="Index">The position of the user's id in the request (the ids are not kept).</param>
public sealed record ErasureJobReceipt(int Index, string? ReceiptId, DateTimeOffset? ErasedAt, string Status);
